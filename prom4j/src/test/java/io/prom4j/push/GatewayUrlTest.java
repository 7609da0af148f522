package io.prom4j.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayUrlTest {

  @Test
  void ofAddress_hostAndPort_isPlainHttp() {
    GatewayUrl url = GatewayUrl.ofAddress("localhost:9091");

    assertThat(url.base()).isEqualTo(URI.create("http://localhost:9091"));
    assertThat(url.https()).isFalse();
    assertThat(url.resolve("/metrics/job/j")).hasToString("http://localhost:9091/metrics/job/j");
  }

  @Test
  void ofAddress_ipv6Literal_isAccepted() {
    assertThat(GatewayUrl.ofAddress("[::1]:9091").base()).hasToString("http://[::1]:9091");
  }

  @Test
  void ofAddress_withScheme_throwsIllegalArgumentPointingToUrl() {
    assertThatThrownBy(() -> GatewayUrl.ofAddress("http://localhost:9091"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "address must be host:port without a scheme (use url(...) for a URL):"
                + " http://localhost:9091");
  }

  @Test
  void ofAddress_withoutPort_throwsIllegalArgument() {
    assertThatThrownBy(() -> GatewayUrl.ofAddress("localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "address must be host:port with a port, such as localhost:9091 (the Pushgateway"
                + " listens on 9091 by default): localhost");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost:9091/prefix", "user@localhost:9091", "a b:1"})
  void ofAddress_notHostPort_throwsIllegalArgument(String address) {
    assertThatThrownBy(() -> GatewayUrl.ofAddress(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("address must be host:port")
        .hasMessageEndingWith("\"" + address + "\"");
  }

  @Test
  void ofAddress_portOutOfRange_throwsIllegalArgument() {
    assertThatThrownBy(() -> GatewayUrl.ofAddress("localhost:70000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address port must be in 1..65535: 70000 (localhost:70000)");
  }

  @Test
  void ofUrl_httpsWithPrefixAndTrailingSlash_keepsPrefixWithoutSlash() {
    GatewayUrl url = GatewayUrl.ofUrl("HTTPS://gw.example:9091/prefix/");

    assertThat(url.https()).isTrue();
    assertThat(url.base()).hasToString("https://gw.example:9091/prefix");
    assertThat(url.resolve("/metrics/job/j"))
        .hasToString("https://gw.example:9091/prefix/metrics/job/j");
  }

  @Test
  void ofUrl_withoutPort_keepsSchemeDefault() {
    assertThat(GatewayUrl.ofUrl("http://gw.example").base()).hasToString("http://gw.example");
  }

  @Test
  void ofUrl_otherScheme_throwsIllegalArgument() {
    assertThatThrownBy(() -> GatewayUrl.ofUrl("ftp://gw.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "url must start with http:// or https:// (use address(...) for host:port):"
                + " ftp://gw.example");
    assertThatThrownBy(() -> GatewayUrl.ofUrl("localhost:9091"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("url must start with http:// or https://");
  }

  @Test
  void ofUrl_userInfo_throwsIllegalArgumentWithoutRepeatingIt() {
    assertThatThrownBy(() -> GatewayUrl.ofUrl("https://user:s3cret@gw.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "url must not contain user info: set credentials with basicAuth(user, password)")
        .message()
        .doesNotContain("s3cret");
  }

  @Test
  void ofUrl_queryOrFragment_throwsIllegalArgument() {
    assertThatThrownBy(() -> GatewayUrl.ofUrl("http://gw.example/?a=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "url must not have a query or fragment (the path is /metrics/job/...):"
                + " http://gw.example/?a=b");
    assertThatThrownBy(() -> GatewayUrl.ofUrl("http://gw.example/#x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("url must not have a query or fragment");
  }

  @Test
  void ofUrl_malformed_throwsIllegalArgumentWithReason() {
    assertThatThrownBy(() -> GatewayUrl.ofUrl("http://gw example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url is not a valid URL (Illegal character in authority): http://gw example");
  }

  @Test
  void ofUrl_noHost_throwsIllegalArgument() {
    assertThatThrownBy(() -> GatewayUrl.ofUrl("http:///metrics"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url must have a host name or address: http:///metrics");
  }
}
