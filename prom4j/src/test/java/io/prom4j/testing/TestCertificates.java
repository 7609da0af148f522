package io.prom4j.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Test fixture: generates CAs, intermediates, server and client certificates and writes keys in
 * every PEM format prom4j reads. Everything is generated at run time (BouncyCastle as a certificate
 * library only, through the JDK's providers: no global provider registration).
 */
public final class TestCertificates {

  /** Key algorithms the fixture generates. */
  public enum KeyKind {
    RSA,
    EC,
    ED25519
  }

  /** A certificate with its key pair. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public PrivateKey privateKey() {
      return keys.getPrivate();
    }

    public BigInteger serial() {
      return certificate.getSerialNumber();
    }
  }

  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Used directly, never registered: the JDK lacks BouncyCastle's "AES/CBC/PKCS7Padding". */
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private TestCertificates() {}

  /** A fresh key pair: RSA 2048, EC P-256 or Ed25519. */
  public static KeyPair keyPair(KeyKind kind) {
    try {
      switch (kind) {
        case RSA:
          {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
          }
        case EC:
          {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
          }
        default:
          return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed root CA with an EC key, valid from an hour ago for a day. */
  public static Issued rootCa(String commonName) {
    KeyPair keys = keyPair(KeyKind.EC);
    return sign(
        null,
        keys,
        commonName,
        true,
        null,
        Instant.now().minus(Duration.ofHours(1)),
        Duration.ofDays(1),
        nextSerial());
  }

  /** An intermediate CA with an EC key, issued by {@code issuer}. */
  public static Issued intermediateCa(Issued issuer, String commonName) {
    return sign(
        issuer,
        keyPair(KeyKind.EC),
        commonName,
        true,
        null,
        Instant.now().minus(Duration.ofHours(1)),
        Duration.ofDays(1),
        nextSerial());
  }

  /** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
  public static Issued server(Issued issuer, KeyKind kind) {
    return server(issuer, keyPair(kind), nextSerial());
  }

  /** A server certificate for {@code localhost} and {@code 127.0.0.1} with a chosen serial. */
  public static Issued server(Issued issuer, KeyPair keys, BigInteger serial) {
    return sign(
        issuer,
        keys,
        "localhost",
        false,
        KeyPurposeId.id_kp_serverAuth,
        Instant.now().minus(Duration.ofHours(1)),
        Duration.ofDays(1),
        serial);
  }

  /** A server certificate for {@code localhost} whose validity ended yesterday. */
  public static Issued expiredServer(Issued issuer) {
    return sign(
        issuer,
        keyPair(KeyKind.EC),
        "localhost",
        false,
        KeyPurposeId.id_kp_serverAuth,
        Instant.now().minus(Duration.ofDays(3)),
        Duration.ofDays(2),
        nextSerial());
  }

  /** A client certificate with an EC key. */
  public static Issued client(Issued issuer, String commonName) {
    return sign(
        issuer,
        keyPair(KeyKind.EC),
        commonName,
        false,
        KeyPurposeId.id_kp_clientAuth,
        Instant.now().minus(Duration.ofHours(1)),
        Duration.ofDays(1),
        nextSerial());
  }

  /** A client certificate whose validity ended yesterday. */
  public static Issued expiredClient(Issued issuer, String commonName) {
    return sign(
        issuer,
        keyPair(KeyKind.EC),
        commonName,
        false,
        KeyPurposeId.id_kp_clientAuth,
        Instant.now().minus(Duration.ofDays(3)),
        Duration.ofDays(2),
        nextSerial());
  }

  public static BigInteger nextSerial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
  }

  private static Issued sign(
      Issued issuer,
      KeyPair keys,
      String commonName,
      boolean ca,
      KeyPurposeId purpose,
      Instant notBefore,
      Duration validity,
      BigInteger serial) {
    X500Name subject = new X500Name("CN=" + commonName);
    X500Name issuerName =
        issuer == null
            ? subject
            : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              serial,
              Date.from(notBefore),
              Date.from(notBefore.plus(validity)),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          issuer == null
              ? extensions.createAuthorityKeyIdentifier(keys.getPublic())
              : extensions.createAuthorityKeyIdentifier(issuer.certificate()));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(
                KeyUsage.digitalSignature
                    | ("RSA".equals(keys.getPublic().getAlgorithm())
                        ? KeyUsage.keyEncipherment
                        : 0)));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (purpose == KeyPurposeId.id_kp_serverAuth) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
      }
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder(signatureAlgorithm(signingKey))
                          .build(signingKey)));
      return new Issued(certificate, keys);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    switch (key.getAlgorithm()) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
        return "SHA256withECDSA";
      default:
        return "Ed25519";
    }
  }

  // ---- PEM writers ----

  /** PEM text of one block. */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Writes certificates as concatenated PEM, in the given order. */
  public static Path writeCertificates(Path file, X509Certificate... certificates) {
    StringBuilder text = new StringBuilder();
    try {
      for (X509Certificate certificate : certificates) {
        text.append(pem("CERTIFICATE", certificate.getEncoded()));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return write(file, text.toString());
  }

  /** Writes an unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}). */
  public static Path writePkcs8(Path file, PrivateKey key) {
    return write(file, pem("PRIVATE KEY", key.getEncoded()));
  }

  /** Writes an RSA key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
  public static Path writePkcs1(Path file, PrivateKey rsaKey) {
    try {
      byte[] pkcs1 =
          PrivateKeyInfo.getInstance(rsaKey.getEncoded())
              .parsePrivateKey()
              .toASN1Primitive()
              .getEncoded();
      return write(file, pem("RSA PRIVATE KEY", pkcs1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes an EC key as SEC1 ({@code BEGIN EC PRIVATE KEY}) with its named curve.
   *
   * @param curveOnlyInParametersBlock write the curve in a preceding {@code EC PARAMETERS} block
   *     only, not inside the key (a shape some tools produce)
   */
  public static Path writeSec1(Path file, PrivateKey ecKey, boolean curveOnlyInParametersBlock) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(ecKey.getEncoded());
      ASN1ObjectIdentifier curve =
          (ASN1ObjectIdentifier) info.getPrivateKeyAlgorithm().getParameters();
      BigInteger secret = ((java.security.interfaces.ECPrivateKey) ecKey).getS();
      int bits = ((java.security.interfaces.ECPrivateKey) ecKey).getParams().getOrder().bitLength();
      ASN1Encodable parameters = curveOnlyInParametersBlock ? null : curve;
      byte[] sec1 = new ECPrivateKey(bits, secret, parameters).getEncoded();
      String text = pem("EC PRIVATE KEY", sec1);
      if (curveOnlyInParametersBlock) {
        text = pem("EC PARAMETERS", curve.getEncoded()) + text;
      }
      return write(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes an encrypted PKCS#8 key ({@code BEGIN ENCRYPTED PRIVATE KEY}) the way {@code openssl
   * pkcs8 -topk8} does by default: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC.
   */
  public static Path writeEncryptedPkcs8(Path file, PrivateKey key, char[] password) {
    try {
      OutputEncryptor encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(2048)
              .setRandom(RANDOM)
              .setProvider(BC)
              .setPassword(password)
              .build();
      PemObject pem = new JcaPKCS8Generator(key, encryptor).generate();
      StringWriter text = new StringWriter();
      try (PemWriter writer = new PemWriter(text)) {
        writer.writeObject(pem);
      }
      return write(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes text as ASCII, replacing the file. */
  public static Path write(Path file, String text) {
    try {
      return Files.write(file, text.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- client side ----

  /**
   * A client context trusting {@code trusted} only, presenting {@code identity} (with its issuer
   * chain) whenever the server asks, or nothing when {@code identity} is null.
   *
   * <p>The JDK's own key managers send no certificate whose issuer is not in the server's list of
   * accepted CAs; like curl and OpenSSL, this one sends it anyway, so that tests see the server's
   * verdict on an untrusted certificate.
   */
  public static SSLContext clientContext(
      X509Certificate trusted, Issued identity, X509Certificate... identityChain) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("trusted", trusted);
      TrustManagerFactory trustFactory = TrustManagerFactory.getInstance("PKIX");
      trustFactory.init(trust);
      KeyManager[] keyManagers = null;
      if (identity != null) {
        X509Certificate[] chain = new X509Certificate[identityChain.length + 1];
        chain[0] = identity.certificate();
        System.arraycopy(identityChain, 0, chain, 1, identityChain.length);
        keyManagers = new KeyManager[] {new PresentingKeyManager(identity.privateKey(), chain)};
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustFactory.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client key manager that offers its one certificate whatever CAs the server names. */
  private static final class PresentingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    public PresentingKeyManager(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.chain = chain;
    }

    private String aliasFor(String[] keyTypes) {
      return keyTypes != null && Arrays.asList(keyTypes).contains(key.getAlgorithm())
          ? ALIAS
          : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return aliasFor(keyTypes);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return aliasFor(new String[] {keyType}) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }
}
