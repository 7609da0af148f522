package io.prom4j.agent;

import io.prom4j.testing.TestCertificates;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * Test fixture: a CA, a server certificate for 127.0.0.1 and a client certificate, written as PEM
 * files into a directory by prom4j's {@link TestCertificates} (from prom4j's test jar).
 *
 * @param caFile the CA that signed both certificates
 * @param certFile the server's certificate chain
 * @param keyFile the server's PKCS#8 key
 * @param encryptedKeyFile the same key, encrypted PKCS#8 with {@link #KEY_PASSWORD}
 * @param trustingClient a client context that trusts the CA and presents no certificate
 * @param identifiedClient a client context that trusts the CA and presents the client certificate
 */
record TlsFiles(
    Path caFile,
    Path certFile,
    Path keyFile,
    Path encryptedKeyFile,
    SSLContext trustingClient,
    SSLContext identifiedClient) {

  /** The password of {@link #encryptedKeyFile}. */
  static final String KEY_PASSWORD = "s3cret pass";

  /** Generates everything into {@code dir}. */
  static TlsFiles generate(Path dir) {
    TestCertificates.Issued ca = TestCertificates.rootCa("prom4j test CA");
    TestCertificates.Issued server = TestCertificates.server(ca, TestCertificates.KeyKind.EC);
    TestCertificates.Issued client = TestCertificates.client(ca, "scraper");
    return new TlsFiles(
        TestCertificates.writeCertificates(dir.resolve("ca.crt"), ca.certificate()),
        TestCertificates.writeCertificates(dir.resolve("server.crt"), server.certificate()),
        TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey()),
        TestCertificates.writeEncryptedPkcs8(
            dir.resolve("server-encrypted.key"), server.privateKey(), KEY_PASSWORD.toCharArray()),
        TestCertificates.clientContext(ca.certificate(), null),
        TestCertificates.clientContext(ca.certificate(), client));
  }
}
