package io.prom4j.internal.tls;

import static io.prom4j.testing.TestCertificates.KeyKind.EC;
import static io.prom4j.testing.TestCertificates.KeyKind.ED25519;
import static io.prom4j.testing.TestCertificates.KeyKind.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handshakes through {@link ServerTls}: key formats, chains, protocol versions. */
class ServerTlsTest {

  @TempDir Path dir;
  private Issued ca;
  private SSLContext client;

  @BeforeEach
  void createCa() {
    ca = TestCertificates.rootCa("Test Root CA");
    client = TestCertificates.clientContext(ca.certificate(), null);
  }

  private TlsSettings settings(Path cert, Path key) {
    return new TlsSettings(cert, key, null, false, null, null, null, null);
  }

  private TlsSettings versions(Path cert, Path key, String min, String max) {
    return new TlsSettings(cert, key, null, false, null, null, min, max);
  }

  /** Serves {@code settings} and checks a line round trip with the given client protocols. */
  private TlsTestClient assertServes(TlsSettings settings, Issued server, String... protocols)
      throws IOException {
    ServerTls tls = ServerTls.load(settings);
    try (TlsTestServer endpoint = new TlsTestServer(tls);
        TlsTestClient connection = TlsTestClient.connect(client, endpoint.port(), protocols)) {
      assertThat(connection.exchange("hello")).isEqualTo("ok hello");
      assertThat(connection.serverSerial()).isEqualTo(server.serial());
      return connection;
    } finally {
      tls.close();
    }
  }

  private Path cert(Issued server) {
    return TestCertificates.writeCertificates(dir.resolve("server.crt"), server.certificate());
  }

  @Test
  void wrap_pkcs8RsaKey_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, RSA);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    assertServes(settings(cert(server), key), server);
  }

  @Test
  void wrap_pkcs8EcKey_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    assertServes(settings(cert(server), key), server);
  }

  @Test
  void wrap_pkcs8Ed25519Key_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, ED25519);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    assertServes(settings(cert(server), key), server);
  }

  @Test
  void wrap_ed25519KeyOverTls12_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, ED25519);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    assertThat(assertServes(settings(cert(server), key), server, "TLSv1.2").cipherSuite())
        .startsWith("TLS_ECDHE_ECDSA_WITH_");
  }

  @Test
  void load_expiredServerCertificate_servesItButWarns() throws Exception {
    Issued expired = TestCertificates.expiredServer(ca);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), expired.privateKey());
    TlsLogCapture log = new TlsLogCapture();

    try (ServerTls tls =
            ServerTls.load(
                settings(cert(expired), key),
                System::nanoTime,
                ServerTls.CHECK_INTERVAL_NANOS,
                log);
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThatThrownBy(() -> TlsTestClient.connect(client, endpoint.port()))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("validity check failed");
    }
    assertThat(log.messages(Level.WARNING))
        .singleElement()
        .asString()
        .startsWith(
            "The server certificate is outside its validity period, clients will"
                + " refuse it (subject CN=localhost, serial "
                + expired.serial().toString(16));
  }

  @Test
  void wrap_pkcs1RsaKey_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, RSA);
    Path key = TestCertificates.writePkcs1(dir.resolve("server.key"), server.privateKey());

    assertServes(settings(cert(server), key), server);
  }

  @Test
  void wrap_sec1EcKey_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writeSec1(dir.resolve("server.key"), server.privateKey(), false);

    assertServes(settings(cert(server), key), server);
  }

  @Test
  void wrap_sec1EcKeyWithCurveInParametersBlock_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writeSec1(dir.resolve("server.key"), server.privateKey(), true);

    assertServes(settings(cert(server), key), server);
  }

  @Test
  void wrap_encryptedPkcs8KeyWithPassword_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, RSA);
    char[] password = "s3cret".toCharArray();
    Path key =
        TestCertificates.writeEncryptedPkcs8(
            dir.resolve("server.key"), server.privateKey(), password);

    assertServes(
        new TlsSettings(cert(server), key, password, false, null, null, null, null), server);
  }

  @Test
  void wrap_combinedPemAsCertAndKeyFile_servesTheCertificate() throws IOException {
    Issued server = TestCertificates.server(ca, EC);
    Path combined = dir.resolve("combined.pem");
    TestCertificates.write(
        combined,
        "subject=CN = localhost\n"
            + TestCertificates.pem("CERTIFICATE", encoded(server.certificate()))
            + TestCertificates.pem("PRIVATE KEY", server.privateKey().getEncoded()));

    assertServes(settings(combined, combined), server);
  }

  @Test
  void wrap_chainWithIntermediate_sendsLeafAndIntermediateToClientTrustingOnlyTheRoot()
      throws IOException {
    Issued intermediate = TestCertificates.intermediateCa(ca, "Test Intermediate CA");
    Issued server = TestCertificates.server(intermediate, EC);
    Path chain =
        TestCertificates.writeCertificates(
            dir.resolve("chain.crt"), server.certificate(), intermediate.certificate());
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    Certificate[] presented = assertServes(settings(chain, key), server).serverChain();

    assertThat(presented).hasSize(2);
    assertThat(presented[1]).isEqualTo(intermediate.certificate());
  }

  @Test
  void wrap_leafWithoutIntermediate_isRefusedByClientTrustingOnlyTheRoot() throws Exception {
    Issued intermediate = TestCertificates.intermediateCa(ca, "Test Intermediate CA");
    Issued server = TestCertificates.server(intermediate, EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    try (ServerTls tls = ServerTls.load(settings(cert(server), key));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThatThrownBy(() -> TlsTestClient.connect(client, endpoint.port()))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("unable to find valid certification path");
    }
  }

  @Test
  void wrap_defaults_acceptsTls12AndTls13() throws IOException {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());
    TlsSettings settings = settings(cert(server), key);

    assertThat(assertServes(settings, server, "TLSv1.2").protocol()).isEqualTo("TLSv1.2");
    assertThat(assertServes(settings, server, "TLSv1.3").protocol()).isEqualTo("TLSv1.3");
    assertThat(assertServes(settings, server).protocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void wrap_tls11ClientHello_isAnsweredWithProtocolVersionAlert() throws Exception {
    Issued server = TestCertificates.server(ca, RSA);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    // The JDK's own client refuses to offer TLS 1.1 (jdk.tls.disabledAlgorithms), so a
    // hand-made TLS 1.1 ClientHello shows what the server does with one.
    try (ServerTls tls = ServerTls.load(settings(cert(server), key));
        TlsTestServer endpoint = new TlsTestServer(tls);
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      raw.setSoTimeout(10_000);
      OutputStream out = raw.getOutputStream();
      out.write(clientHello(0x0302));
      out.flush();
      byte[] alert = raw.getInputStream().readNBytes(7);

      assertThat(alert[0]).as("record type alert").isEqualTo((byte) 21);
      assertThat(alert[5]).as("level fatal").isEqualTo((byte) 2);
      assertThat(alert[6]).as("protocol_version").isEqualTo((byte) 70);
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("TLSv1.1 is not enabled or supported in server context");
    }
  }

  @Test
  void wrap_minTls13_refusesTls12OnlyClient() throws Exception {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    try (ServerTls tls = ServerTls.load(versions(cert(server), key, "TLSv1.3", null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThatThrownBy(() -> TlsTestClient.connect(client, endpoint.port(), "TLSv1.2"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("protocol_version");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage(
              "The client supported protocol versions [TLSv1.2]"
                  + " are not accepted by server preferences [TLSv1.3]");
      try (TlsTestClient tls13 = TlsTestClient.connect(client, endpoint.port(), "TLSv1.3")) {
        assertThat(tls13.exchange("x")).isEqualTo("ok x");
      }
    }
  }

  @Test
  void wrap_maxTls12_refusesTls13OnlyClient() throws Exception {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    try (ServerTls tls = ServerTls.load(versions(cert(server), key, "TLSv1.2", "TLSv1.2"));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThatThrownBy(() -> TlsTestClient.connect(client, endpoint.port(), "TLSv1.3"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("protocol_version");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage(
              "The client supported protocol versions [TLSv1.3]"
                  + " are not accepted by server preferences [TLSv1.2]");
      try (TlsTestClient tls12 = TlsTestClient.connect(client, endpoint.port())) {
        assertThat(tls12.protocol()).isEqualTo("TLSv1.2");
      }
    }
  }

  @Test
  void wrap_tls12Client_negotiatesEcdheAeadSuite() throws IOException {
    Issued server = TestCertificates.server(ca, RSA);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    try (ServerTls tls = ServerTls.load(settings(cert(server), key));
        TlsTestServer endpoint = new TlsTestServer(tls);
        TlsTestClient connection = TlsTestClient.connect(client, endpoint.port(), "TLSv1.2")) {
      String suite = connection.cipherSuite();
      assertThat(suite).startsWith("TLS_ECDHE_RSA_WITH_");
      assertThat(suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305")).isTrue();
    }
  }

  @Test
  void wrap_afterClose_throwsSslException() throws IOException {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());
    ServerTls tls = ServerTls.load(settings(cert(server), key));
    tls.close();
    tls.close();

    try (Socket unconnected = new Socket()) {
      assertThatThrownBy(() -> tls.wrap(unconnected))
          .isInstanceOf(SSLException.class)
          .hasMessage("TLS is closed: the server is shutting down");
    }
  }

  @Test
  void wrap_plainHttpRequestOnTlsPort_getsNoHttpResponse() throws Exception {
    Issued server = TestCertificates.server(ca, EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());

    try (ServerTls tls = ServerTls.load(settings(cert(server), key));
        TlsTestServer endpoint = new TlsTestServer(tls);
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      raw.setSoTimeout(10_000);
      raw.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes("US-ASCII"));
      InputStream in = raw.getInputStream();
      byte[] answer = in.readAllBytes();

      assertThat(new String(answer, "ISO-8859-1")).doesNotContain("HTTP/");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLException.class)
          .hasMessage("Unsupported or unrecognized SSL message");
    }
  }

  /** A minimal ClientHello: the given version, two CBC suites, no extensions. */
  private static byte[] clientHello(int version) {
    byte[] body = new byte[2 + 32 + 1 + 2 + 4 + 2];
    int i = 0;
    body[i++] = (byte) (version >>> 8);
    body[i++] = (byte) version;
    i += 32; // random: zeros are fine for a refusal
    body[i++] = 0; // session id length
    body[i++] = 0;
    body[i++] = 4; // two cipher suites
    body[i++] = (byte) 0xc0; // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
    body[i++] = 0x13;
    body[i++] = 0x00; // TLS_RSA_WITH_AES_128_CBC_SHA
    body[i++] = 0x2f;
    body[i++] = 1; // one compression method: null
    body[i] = 0;
    byte[] record = new byte[5 + 4 + body.length];
    record[0] = 22; // handshake
    record[1] = 3;
    record[2] = 1;
    record[3] = (byte) ((4 + body.length) >>> 8);
    record[4] = (byte) (4 + body.length);
    record[5] = 1; // client_hello
    record[6] = 0;
    record[7] = (byte) (body.length >>> 8);
    record[8] = (byte) body.length;
    System.arraycopy(body, 0, record, 9, body.length);
    return record;
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
