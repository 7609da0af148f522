package io.prom4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link TlsProtocols} and the version checks {@link TlsSettings} offers the builder. */
class TlsProtocolsTest {

  private static final String[] JDK17 = {
    "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3", "SSLv2Hello"
  };

  @Test
  void enabled_defaults_areTls13AndTls12() {
    assertThat(TlsProtocols.enabled(null, null, JDK17)).containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void enabled_range_isIntersectedWithWhatTheJdkSupports() {
    assertThat(TlsProtocols.enabled("TLSv1.2", "TLSv1.3", new String[] {"TLSv1.2", "TLSv1.1"}))
        .containsExactly("TLSv1.2");
    assertThat(TlsProtocols.enabled("TLSv1.3", null, JDK17)).containsExactly("TLSv1.3");
    assertThat(TlsProtocols.enabled(null, "TLSv1.2", JDK17)).containsExactly("TLSv1.2");
  }

  @Test
  void enabled_nothingSupportedInRange_isIllegalState() {
    assertThatThrownBy(() -> TlsProtocols.enabled("TLSv1.3", "TLSv1.3", new String[] {"TLSv1.2"}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no TLS version in TLSv1.3..TLSv1.3 is supported by this JDK"
                + " (supported: TLSv1.2)");
  }

  @Test
  void enabled_unknownMax_namesSettingValueAndAllowedValues() {
    assertThatThrownBy(() -> TlsProtocols.enabled(null, "tlsv1.3", JDK17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tlsMaxVersion must be one of TLSv1.2, TLSv1.3: tlsv1.3");
  }

  @Test
  void enabled_neverIncludesTls11OrTls10_evenWhenTheJdkSupportsThem() {
    assertThat(TlsProtocols.enabled("TLSv1.2", "TLSv1.3", JDK17))
        .containsExactly("TLSv1.3", "TLSv1.2");
    assertThatThrownBy(() -> TlsProtocols.enabled("TLSv1", null, JDK17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tlsMinVersion must be one of TLSv1.2, TLSv1.3: TLSv1 (TLS 1.0 and 1.1 have"
                + " no modern cipher suite and the JDK disables them)");
  }

  @Test
  void checkVersion_forBuilderSetters_rejectsNullAndUnknown() {
    assertThat(TlsSettings.checkVersion("tlsMinVersion", "TLSv1.3")).isEqualTo("TLSv1.3");
    assertThatThrownBy(() -> TlsSettings.checkVersion("tlsMinVersion", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tlsMinVersion must not be null");
    assertThatThrownBy(() -> TlsSettings.checkVersion("tlsMaxVersion", "SSLv3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tlsMaxVersion must be one of TLSv1.2, TLSv1.3: SSLv3");
  }

  @Test
  void cipherSuites_keepsTls13AndEcdheAeadOnly_inJdkOrder() {
    String[] jdk = {
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
      "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
    };

    assertThat(TlsProtocols.cipherSuites(jdk))
        .containsExactly(
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  }
}
