package io.prom4j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throw-away PKI made with the openssl command line for one test class, written as PEM files into
 * a temporary directory (never committed).
 *
 * <pre>
 * root CA ── intermediate CA ─┬─ server       (CN=localhost, SAN DNS:localhost, IP:127.0.0.1; RSA)
 *                             ├─ server #2    (same names, new serial, new EC key: rotation)
 *                             └─ stray client (a client certificate the servers must not trust)
 * client CA ── client        (CN=prom4j interop client, clientAuth)
 * </pre>
 *
 * <p>The server files hold the chain (leaf, then intermediate), so a client that trusts only the
 * root can verify them. Keys are unencrypted PKCS#8 ({@code openssl genpkey}).
 */
final class TestCertificates {

  static final String ROOT_CA_CN = "prom4j interop root CA";
  static final String INTERMEDIATE_CA_CN = "prom4j interop intermediate CA";
  static final String CLIENT_CA_CN = "prom4j interop client CA";
  static final String CLIENT_CN = "prom4j interop client";

  private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Extension profiles, selected with {@code -extensions}. */
  private static final String CONFIG =
      """
      [ req ]
      distinguished_name = dn
      prompt = no
      [ dn ]
      CN = unused
      [ root_ca ]
      basicConstraints = critical, CA:TRUE
      keyUsage = critical, keyCertSign, cRLSign
      subjectKeyIdentifier = hash
      [ intermediate_ca ]
      basicConstraints = critical, CA:TRUE, pathlen:0
      keyUsage = critical, keyCertSign, cRLSign
      subjectKeyIdentifier = hash
      authorityKeyIdentifier = keyid:always
      [ server ]
      basicConstraints = critical, CA:FALSE
      keyUsage = critical, digitalSignature, keyEncipherment
      extendedKeyUsage = serverAuth
      subjectAltName = DNS:localhost, IP:127.0.0.1
      subjectKeyIdentifier = hash
      authorityKeyIdentifier = keyid:always
      [ client ]
      basicConstraints = critical, CA:FALSE
      keyUsage = critical, digitalSignature
      extendedKeyUsage = clientAuth
      subjectKeyIdentifier = hash
      authorityKeyIdentifier = keyid:always
      """;

  private final Path dir;
  private final Path openssl;
  private final Path config;
  private BigInteger serverSerial;
  private BigInteger server2Serial;

  private TestCertificates(Path dir, Path openssl) {
    this.dir = dir;
    this.openssl = openssl;
    this.config = dir.resolve("openssl.cnf");
  }

  /**
   * Generates the whole set into {@code dir} (created if needed).
   *
   * @throws AssertionError if an openssl command fails (with its output)
   */
  static TestCertificates generate(Path dir) {
    TestCertificates certs = new TestCertificates(dir, Tools.require(Tools.Tool.OPENSSL));
    certs.generateAll();
    return certs;
  }

  private void generateAll() {
    try {
      Files.createDirectories(dir);
      Files.writeString(config, CONFIG, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ecKey("root-ca.key");
    openssl(
        "req",
        "-x509",
        "-new",
        "-config",
        config.toString(),
        "-extensions",
        "root_ca",
        "-key",
        path("root-ca.key"),
        "-subj",
        "/CN=" + ROOT_CA_CN,
        "-days",
        "2",
        "-set_serial",
        hex(serial()),
        "-sha256",
        "-out",
        path("root-ca.crt"));

    ecKey("intermediate-ca.key");
    sign("intermediate-ca", "/CN=" + INTERMEDIATE_CA_CN, "root-ca", "intermediate_ca", serial());

    rsaKey("server.key");
    serverSerial = serial();
    sign("server", "/CN=localhost", "intermediate-ca", "server", serverSerial);
    concat("server-chain.crt", "server.crt", "intermediate-ca.crt");

    ecKey("server2.key");
    server2Serial = serial();
    sign("server2", "/CN=localhost", "intermediate-ca", "server", server2Serial);
    concat("server2-chain.crt", "server2.crt", "intermediate-ca.crt");

    ecKey("stray-client.key");
    sign("stray-client", "/CN=prom4j stray client", "intermediate-ca", "client", serial());

    ecKey("client-ca.key");
    openssl(
        "req",
        "-x509",
        "-new",
        "-config",
        config.toString(),
        "-extensions",
        "root_ca",
        "-key",
        path("client-ca.key"),
        "-subj",
        "/CN=" + CLIENT_CA_CN,
        "-days",
        "2",
        "-set_serial",
        hex(serial()),
        "-sha256",
        "-out",
        path("client-ca.crt"));
    ecKey("client.key");
    sign("client", "/CN=" + CLIENT_CN, "client-ca", "client", serial());
  }

  /** The root CA certificate: what a client of the servers trusts. */
  Path rootCa() {
    return dir.resolve("root-ca.crt");
  }

  /** The intermediate CA certificate that issues the server certificates. */
  Path intermediateCa() {
    return dir.resolve("intermediate-ca.crt");
  }

  /** The server leaf certificate alone. */
  Path serverLeaf() {
    return dir.resolve("server.crt");
  }

  /** The server certificate chain: leaf, then intermediate. */
  Path serverChain() {
    return dir.resolve("server-chain.crt");
  }

  /** The server's RSA private key (PKCS#8). */
  Path serverKey() {
    return dir.resolve("server.key");
  }

  /** The serial number of {@link #serverLeaf()}. */
  BigInteger serverSerial() {
    return serverSerial;
  }

  /** The rotation certificate chain: same names and CA as the server, new serial and key. */
  Path server2Chain() {
    return dir.resolve("server2-chain.crt");
  }

  /** The rotation certificate's EC private key (PKCS#8). */
  Path server2Key() {
    return dir.resolve("server2.key");
  }

  /** The serial number of the rotation certificate. */
  BigInteger server2Serial() {
    return server2Serial;
  }

  /** The CA that the mutual-TLS servers trust for client certificates. */
  Path clientCa() {
    return dir.resolve("client-ca.crt");
  }

  /** A client certificate issued by {@link #clientCa()}. */
  Path clientCert() {
    return dir.resolve("client.crt");
  }

  /** The key of {@link #clientCert()}. */
  Path clientKey() {
    return dir.resolve("client.key");
  }

  /** A client certificate issued by the server's intermediate CA, not by the client CA. */
  Path strayClientCert() {
    return dir.resolve("stray-client.crt");
  }

  /** The key of {@link #strayClientCert()}. */
  Path strayClientKey() {
    return dir.resolve("stray-client.key");
  }

  /** Reads every certificate of a PEM file, in file order. */
  static List<X509Certificate> read(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalStateException("not a PEM certificate file: " + pem, e);
    }
  }

  private void sign(String name, String subject, String issuer, String profile, BigInteger serial) {
    openssl(
        "req",
        "-new",
        "-config",
        config.toString(),
        "-key",
        path(name + ".key"),
        "-subj",
        subject,
        "-out",
        path(name + ".csr"));
    openssl(
        "x509",
        "-req",
        "-in",
        path(name + ".csr"),
        "-CA",
        path(issuer + ".crt"),
        "-CAkey",
        path(issuer + ".key"),
        "-set_serial",
        hex(serial),
        "-days",
        "2",
        "-sha256",
        "-extfile",
        config.toString(),
        "-extensions",
        profile,
        "-out",
        path(name + ".crt"));
  }

  private void ecKey(String file) {
    openssl(
        "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path(file));
  }

  private void rsaKey(String file) {
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path(file));
  }

  private void concat(String target, String... parts) {
    try {
      StringBuilder sb = new StringBuilder();
      for (String p : parts) {
        sb.append(Files.readString(dir.resolve(p), StandardCharsets.US_ASCII));
      }
      Files.writeString(dir.resolve(target), sb, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(openssl.toString());
    command.addAll(List.of(args));
    Exec.Result r =
        Exec.run(
            command,
            new byte[0],
            OPENSSL_TIMEOUT,
            // our config file only: the system one must not add extensions or change defaults
            Map.of("OPENSSL_CONF", config.toString()));
    if (r.exitCode() != 0) {
      throw new AssertionError("certificate generation failed: " + r.describe());
    }
  }

  private String path(String file) {
    return dir.resolve(file).toString();
  }

  /** A random positive serial of 63 bits: unique per run, as CAs must make them. */
  private static BigInteger serial() {
    return BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE).setBit(62);
  }

  private static String hex(BigInteger serial) {
    return "0x" + serial.toString(16);
  }
}
