package io.prom4j.push;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * PROVISIONAL until the PEM code moves to {@code io.prom4j.internal.pem}: then these three methods
 * call it. Certificates through the JDK's own PEM support; keys not yet.
 */
final class Pem {

  private Pem() {}

  static List<X509Certificate> certificates(Path file, String role, String setting) {
    byte[] bytes = ClientTls.read(file, role, setting);
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (var c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(
            ClientTls.prefix(role, file, setting) + "no certificate");
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(ClientTls.prefix(role, file, setting) + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file, String role, String setting) {
    throw new UnsupportedOperationException("waits for io.prom4j.internal.pem");
  }

  static boolean matches(PrivateKey key, X509Certificate leaf) {
    throw new UnsupportedOperationException("waits for io.prom4j.internal.pem");
  }
}
