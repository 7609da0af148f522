package io.prom4j.demo;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Test fixture: a CA, a server certificate for {@code localhost} and {@code 127.0.0.1}, and client
 * certificates, generated at run time (EC P-256) and written as PEM. BouncyCastle is used as a
 * certificate library only; no provider is registered.
 */
final class DemoCertificates {

  /** A certificate with its key pair. */
  record Issued(X509Certificate certificate, KeyPair keys) {}

  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffL);
  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoCertificates() {}

  static Issued ca(String commonName) {
    return sign(null, commonName, true);
  }

  static Issued server(Issued ca) {
    return sign(ca, "localhost", false);
  }

  static Issued client(Issued ca, String commonName) {
    return sign(ca, commonName, false);
  }

  private static Issued sign(Issued issuer, String commonName, boolean isCa) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + commonName);
      X500Name issuerName =
          issuer == null
              ? subject
              : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
      Instant from = Instant.now().minus(Duration.ofHours(1));
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(from),
              Date.from(from.plus(Duration.ofDays(1))),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (!isCa) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
      }
      PrivateKey signer = issuer == null ? keys.getPrivate() : issuer.keys().getPrivate();
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
      return new Issued(certificate, keys);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path writeCertificate(Path file, Issued issued) {
    try {
      return write(file, pem("CERTIFICATE", issued.certificate().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}). */
  static Path writeKey(Path file, Issued issued) {
    return write(file, pem("PRIVATE KEY", issued.keys().getPrivate().getEncoded()));
  }

  /** An encrypted PKCS#8 key, as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it. */
  static Path writeEncryptedKey(Path file, Issued issued, char[] password) {
    try {
      StringWriter text = new StringWriter();
      try (PemWriter writer = new PemWriter(text)) {
        writer.writeObject(
            new JcaPKCS8Generator(
                    issued.keys().getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setPRF(PKCS8Generator.PRF_HMACSHA256)
                        .setIterationCount(2048)
                        .setRandom(RANDOM)
                        .setProvider(new BouncyCastleProvider())
                        .setPassword(password)
                        .build())
                .generate());
      }
      return write(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context trusting {@code ca} only, presenting {@code identity} if not null. */
  static SSLContext clientContext(Issued ca, Issued identity) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory trustFactory = TrustManagerFactory.getInstance("PKIX");
      trustFactory.init(trust);
      KeyManagerFactory keyFactory = null;
      if (identity != null) {
        char[] storePassword = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
            "client",
            identity.keys().getPrivate(),
            storePassword,
            new X509Certificate[] {identity.certificate()});
        keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(keys, storePassword);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyFactory == null ? null : keyFactory.getKeyManagers(),
          trustFactory.getTrustManagers(),
          null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
