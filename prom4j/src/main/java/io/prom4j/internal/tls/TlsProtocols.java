package io.prom4j.internal.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The protocol and cipher-suite policy: which TLS versions a min/max pair enables and which suites
 * are offered (TLS 1.3 suites, and for TLS 1.2 only ECDHE key exchange with an AEAD cipher: AES-GCM
 * or ChaCha20-Poly1305).
 *
 * <p>Only TLS 1.2 and 1.3 can be configured: TLS 1.0 and 1.1 have no AEAD suite, so they could
 * never complete a handshake (and the JDK disables both by default); asking for them is an error
 * that says so rather than a setting without effect.
 */
public final class TlsProtocols {

  /** The versions accepted in settings, lowest first. */
  static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

  /** Versions the JDK knows that we refuse with an explanation. */
  private static final List<String> OBSOLETE = List.of("TLSv1", "TLSv1.1");

  static final String DEFAULT_MIN = "TLSv1.2";
  static final String DEFAULT_MAX = "TLSv1.3";

  private TlsProtocols() {}

  /**
   * Checks one version setting, {@code null} meaning its default.
   *
   * @param setting {@code tlsMinVersion} or {@code tlsMaxVersion}, for the message
   * @return the version, or the default when {@code version} is null
   * @throws IllegalArgumentException naming the value and the allowed ones (and, for {@code TLSv1}
   *     and {@code TLSv1.1}, why they are not)
   */
  static String check(String setting, String version, String defaultVersion) {
    if (version == null) {
      return defaultVersion;
    }
    if (!VERSIONS.contains(version)) {
      throw new IllegalArgumentException(
          setting
              + " must be one of "
              + String.join(", ", VERSIONS)
              + ": "
              + version
              + (OBSOLETE.contains(version)
                  ? " (TLS 1.0 and 1.1 have no modern cipher suite and the JDK disables them)"
                  : ""));
    }
    return version;
  }

  /**
   * The protocols to enable: every version from min to max that the JDK supports.
   *
   * @throws IllegalArgumentException for an unknown version
   * @throws IllegalStateException when min is above max, or the JDK supports none of the range
   */
  static String[] enabled(String minVersion, String maxVersion, String[] supported) {
    String min = check("tlsMinVersion", minVersion, DEFAULT_MIN);
    String max = check("tlsMaxVersion", maxVersion, DEFAULT_MAX);
    int low = VERSIONS.indexOf(min);
    int high = VERSIONS.indexOf(max);
    if (low > high) {
      throw new IllegalStateException(
          "tlsMinVersion " + min + " must not be above tlsMaxVersion " + max);
    }
    List<String> available = Arrays.asList(supported);
    List<String> enabled = new ArrayList<>();
    for (int i = high; i >= low; i--) {
      if (available.contains(VERSIONS.get(i))) {
        enabled.add(VERSIONS.get(i));
      }
    }
    if (enabled.isEmpty()) {
      throw new IllegalStateException(
          "no TLS version in "
              + min
              + ".."
              + max
              + " is supported by this JDK (supported: "
              + String.join(", ", supported)
              + ")");
    }
    return enabled.toArray(new String[0]);
  }

  /** The suites to enable, in the JDK's order of preference, from the JDK's enabled ones. */
  static String[] cipherSuites(String[] jdkDefaults) {
    List<String> suites = new ArrayList<>();
    for (String suite : jdkDefaults) {
      if (isTls13(suite) || isEcdheAead(suite)) {
        suites.add(suite);
      }
    }
    return suites.toArray(new String[0]);
  }

  private static boolean isTls13(String suite) {
    return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
  }

  private static boolean isEcdheAead(String suite) {
    return (suite.startsWith("TLS_ECDHE_ECDSA_WITH_") || suite.startsWith("TLS_ECDHE_RSA_WITH_"))
        && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
  }
}
