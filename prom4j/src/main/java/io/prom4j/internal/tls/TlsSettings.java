package io.prom4j.internal.tls;

import java.nio.file.Path;

/**
 * The TLS part of a {@link MetricsServer}'s configuration, as given to the builder. Internal: the
 * builder validates the combination, {@link ServerTls} loads it.
 *
 * @param certFile PEM certificate chain, leaf first
 * @param keyFile PEM private key (PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param keyPassword password of an encrypted key, or null
 * @param clientAuthRequired whether a client certificate is required (mutual TLS)
 * @param clientCaFile PEM bundle of trusted client CAs, or null
 * @param clientCaPath directory of PEM client CA certificates, or null
 * @param minVersion lowest protocol, for example {@code TLSv1.2}; null means {@code TLSv1.2}
 * @param maxVersion highest protocol, for example {@code TLSv1.3}; null means {@code TLSv1.3}
 */
public record TlsSettings(
    Path certFile,
    Path keyFile,
    char[] keyPassword,
    boolean clientAuthRequired,
    Path clientCaFile,
    Path clientCaPath,
    String minVersion,
    String maxVersion) {

  /**
   * Checks a {@code tlsMinVersion} or {@code tlsMaxVersion} value, for a builder setter.
   *
   * @param setting the setting's name, for the message
   * @param version {@code TLSv1.2} or {@code TLSv1.3}
   * @return {@code version}
   * @throws IllegalArgumentException when {@code version} is null or not one of those
   */
  public static String checkVersion(String setting, String version) {
    if (version == null) {
      throw new IllegalArgumentException(setting + " must not be null");
    }
    return TlsProtocols.check(setting, version, null);
  }

  /**
   * Checks what can be checked without reading files: both files set, known versions, and a minimum
   * not above the maximum.
   *
   * @throws IllegalStateException when certFile or keyFile is missing or min is above max
   * @throws IllegalArgumentException for an unknown version
   */
  void validate() {
    if (certFile == null || keyFile == null) {
      throw new IllegalStateException(
          "TLS needs both certFile and keyFile: "
              + (certFile == null ? "certFile" : "keyFile")
              + " is not set");
    }
    TlsProtocols.enabled(minVersion, maxVersion, TlsProtocols.VERSIONS.toArray(new String[0]));
  }
}
