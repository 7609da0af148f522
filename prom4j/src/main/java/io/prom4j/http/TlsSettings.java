package io.prom4j.http;

import java.nio.file.Path;

/**
 * The TLS part of a {@link MetricsServer}'s configuration, as given to the builder. Internal:
 * the builder validates the combination, {@link ServerTls} loads it.
 *
 * @param certFile PEM certificate chain, leaf first
 * @param keyFile PEM private key (PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param keyPassword password of an encrypted key, or null
 * @param clientAuthRequired whether a client certificate is required (mutual TLS)
 * @param clientCaFile PEM bundle of trusted client CAs, or null
 * @param clientCaPath directory of PEM client CA certificates, or null
 * @param minVersion lowest protocol, for example {@code TLSv1.2}
 * @param maxVersion highest protocol, for example {@code TLSv1.3}
 */
record TlsSettings(Path certFile, Path keyFile, char[] keyPassword, boolean clientAuthRequired,
    Path clientCaFile, Path clientCaPath, String minVersion, String maxVersion) {}
