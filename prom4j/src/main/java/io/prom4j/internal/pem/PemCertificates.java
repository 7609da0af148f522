package io.prom4j.internal.pem;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads X.509 certificates from the {@code CERTIFICATE} blocks of a PEM file, in file order. */
public final class PemCertificates {

  static final String CERTIFICATE = "CERTIFICATE";

  private PemCertificates() {}

  /**
   * Every certificate of a PEM file; other blocks (keys, CRLs, parameters) are ignored.
   *
   * @throws PemException when the file has no certificate or a certificate cannot be decoded
   */
  public static List<X509Certificate> read(byte[] file) throws PemException {
    List<X509Certificate> certificates = readAny(file);
    if (certificates.isEmpty()) {
      throw new PemException(
          "no PEM '" + CERTIFICATE + "' block; " + PemReader.describe(PemReader.parse(file), file));
    }
    return certificates;
  }

  /**
   * Like {@link #read} but an empty list when the file holds no certificate block.
   *
   * @throws PemException when a certificate block cannot be decoded
   */
  public static List<X509Certificate> readAny(byte[] file) throws PemException {
    List<X509Certificate> certificates = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
    }
    for (PemReader.Block block : PemReader.parse(file)) {
      if (!CERTIFICATE.equals(block.type())) {
        continue;
      }
      try {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
      } catch (CertificateException e) {
        throw new PemException(
            "certificate #"
                + (certificates.size() + 1)
                + " is not a valid X.509 certificate: "
                + e.getMessage(),
            e);
      }
    }
    return certificates;
  }
}
