package io.prom4j.internal.tls;

import java.nio.file.Path;

/**
 * The TLS part of a server's configuration, checked once when built (both files, known versions, a
 * minimum not above the maximum): {@link #of} turns builder settings into one, or refuses a
 * half-configured TLS setup; {@link ServerTls} loads it and reloads its files without checking it
 * again.
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
   * @throws IllegalStateException when certFile or keyFile is missing or min is above max
   * @throws IllegalArgumentException for an unknown version
   */
  public TlsSettings {
    if (certFile == null || keyFile == null) {
      throw new IllegalStateException(
          "TLS needs both certFile and keyFile: "
              + (certFile == null ? "certFile" : "keyFile")
              + " is not set");
    }
    TlsProtocols.enabled(minVersion, maxVersion, TlsProtocols.VERSIONS.toArray(new String[0]));
  }

  /**
   * Settings from a builder's values: null for plain HTTP (nothing TLS set), else checked settings
   * holding their own copy of the password.
   *
   * @throws IllegalStateException for half-configured TLS (one of certFile and keyFile, or another
   *     TLS setting without both): prom4j never falls back to plain HTTP
   */
  public static TlsSettings of(
      Path certFile,
      Path keyFile,
      char[] keyPassword,
      boolean clientAuthRequired,
      Path clientCaFile,
      Path clientCaPath,
      String tlsMinVersion,
      String tlsMaxVersion) {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalStateException(
          (certFile == null
                  ? "certFile is missing: keyFile " + keyFile + " is set"
                  : "keyFile is missing: certFile " + certFile + " is set")
              + "; HTTPS needs both, and prom4j refuses to fall back to plain HTTP"
              + " (the Python client silently does)");
    }
    if (certFile == null) {
      String orphan =
          clientAuthRequired
              ? "clientAuthRequired"
              : clientCaFile != null
                  ? "clientCaFile"
                  : clientCaPath != null
                      ? "clientCaPath"
                      : keyPassword != null
                          ? "keyPassword"
                          : tlsMinVersion != null
                              ? "tlsMinVersion"
                              : tlsMaxVersion != null ? "tlsMaxVersion" : null;
      if (orphan != null) {
        throw new IllegalStateException(
            orphan
                + " is set but certFile and keyFile are not;"
                + " TLS settings need HTTPS, and prom4j refuses to serve plain HTTP instead");
      }
      return null;
    }
    return new TlsSettings(
        certFile,
        keyFile,
        keyPassword == null ? null : keyPassword.clone(),
        clientAuthRequired,
        clientCaFile,
        clientCaPath,
        tlsMinVersion,
        tlsMaxVersion);
  }

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
}
