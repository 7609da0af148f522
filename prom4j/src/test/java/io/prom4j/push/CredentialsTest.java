package io.prom4j.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialsTest {

  @Test
  void basic_userAndPassword_isBase64OfUserColonPassword() {
    // the Python client's vector: foo/bar -> Basic Zm9vOmJhcg==
    assertThat(Credentials.basic("foo", "bar")).isEqualTo("Basic Zm9vOmJhcg==");
  }

  @Test
  void basic_nonAscii_isEncodedAsUtf8() {
    // RFC 7617 section 2.1: "test" / "123£" -> dGVzdDoxMjPCow==
    assertThat(Credentials.basic("test", "123\u00a3")).isEqualTo("Basic dGVzdDoxMjPCow==");
  }

  @Test
  void basic_colonInUser_throwsIllegalArgument() {
    assertThatThrownBy(() -> Credentials.basic("a:b", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "basicAuth user must not contain ':' (RFC 7617: it separates user and password): a:b");
  }

  @Test
  void basic_lineBreakInPassword_throwsIllegalArgumentWithoutThePassword() {
    assertThatThrownBy(() -> Credentials.basic("u", "se\r\ncret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("basicAuth password must not contain control characters (such as CR or LF)");
  }

  @Test
  void basic_controlInUser_throwsIllegalArgument() {
    assertThatThrownBy(() -> Credentials.basic("u\n", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("basicAuth user must not contain control characters (such as CR or LF)");
  }

  @Test
  void bearer_token_isBearerPrefixed() {
    assertThat(Credentials.bearer("abc.DEF-123_~+/=")).isEqualTo("Bearer abc.DEF-123_~+/=");
  }

  @Test
  void bearer_emptyOrWithSpace_throwsIllegalArgumentWithoutTheToken() {
    assertThatThrownBy(() -> Credentials.bearer(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bearerToken must not be empty");
    assertThatThrownBy(() -> Credentials.bearer("sec ret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bearerToken must be visible ASCII characters only (no spaces, line breaks or"
                + " non-ASCII): character at index 3 is not");
  }
}
