package io.prom4j.http;

import static io.prom4j.testing.TestCertificates.KeyKind.EC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTPS and mutual TLS end to end through {@link MetricsServer}: what a scraper sees (metrics, or a
 * TLS alert naming the reason), that a refused client never disturbs the next one, that rotated
 * files are served without a restart, and that every half-configured builder fails at {@code
 * start()} without leaving the port bound. Clients are built per test from the test CA only; the
 * JVM's default SSL context is never used.
 */
class MetricsServerTlsTest {

  @TempDir Path dir;
  private Issued serverCa;
  private Issued clientCa;
  private Issued serverLeaf;
  private Path certFile;
  private Path keyFile;
  private Path clientCaFile;
  private MetricsServer server;

  @BeforeEach
  void certificates() {
    serverCa = TestCertificates.rootCa("Server CA");
    clientCa = TestCertificates.rootCa("Client CA");
    serverLeaf = TestCertificates.server(serverCa, EC);
    certFile =
        TestCertificates.writeCertificates(dir.resolve("server.crt"), serverLeaf.certificate());
    keyFile = TestCertificates.writePkcs8(dir.resolve("server.key"), serverLeaf.privateKey());
    clientCaFile =
        TestCertificates.writeCertificates(dir.resolve("client-ca.crt"), clientCa.certificate());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private MetricsServer.Builder https() {
    return Scrape.server(TestCollectors.small()).certFile(certFile).keyFile(keyFile);
  }

  private MetricsServer.Builder mutualTls() {
    return https().clientAuthRequired(true).clientCaFile(clientCaFile);
  }

  /** A client trusting the server CA only, presenting {@code identity} if not null. */
  private SSLContext client(Issued identity) {
    return TestCertificates.clientContext(serverCa.certificate(), identity);
  }

  /** Connects to 127.0.0.1, verifies the server's certificate and host name, handshakes. */
  private SSLSocket handshake(SSLContext context, String... protocols) throws IOException {
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
    try {
      socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (protocols.length > 0) {
        parameters.setProtocols(protocols);
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** One {@code GET /metrics} on a new connection. */
  private RawResponse scrape(SSLContext context, String... protocols) throws IOException {
    try (RawHttp c = RawHttp.over(handshake(context, protocols))) {
      return c.get("/metrics").read();
    }
  }

  /**
   * Does what curl and Prometheus do: handshake, send the request, read the answer; returns the
   * client-side failure.
   *
   * @throws AssertionError if the server answers
   */
  private IOException refusal(SSLContext context, String... protocols) {
    try (RawHttp c = RawHttp.over(handshake(context, protocols))) {
      RawResponse r = c.get("/metrics").read();
      throw new AssertionError("the server answered " + r.status() + " instead of refusing");
    } catch (IOException e) {
      return e;
    }
  }

  /** The serial number of the certificate a new connection is served. */
  private BigInteger servedSerial() {
    try (SSLSocket s = handshake(client(null))) {
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void assertNextValidClientIsServed(SSLContext valid) throws IOException {
    RawResponse r = scrape(valid);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("gg 17.0");
  }

  // ---- HTTPS ----

  @Test
  void https_scrape_returnsMetricsOverTls13ByDefault() throws Exception {
    server = https().start();

    try (SSLSocket s = handshake(client(null));
        RawHttp c = RawHttp.over(s)) {
      RawResponse r = c.get("/metrics").read();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("gg 17.0").contains("cc_total 2.0");
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber())
          .isEqualTo(serverLeaf.serial());
    }
    assertThat(server).hasToString("MetricsServer[127.0.0.1:" + server.port() + ", https]");
  }

  @Test
  void https_tls12Client_isServed() throws Exception {
    server = https().start();

    assertThat(scrape(client(null), "TLSv1.2").status()).isEqualTo(200);
  }

  @Test
  void https_tlsMinVersion13_refusesTls12ClientWithProtocolVersionAlert() throws Exception {
    server = https().tlsMinVersion("TLSv1.3").start();

    assertThat(refusal(client(null), "TLSv1.2"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessage("Received fatal alert: protocol_version");
    assertNextValidClientIsServed(client(null));
  }

  @Test
  void https_tlsMaxVersion12_servesTls12AndRefusesTls13OnlyClient() throws Exception {
    server = https().tlsMaxVersion("TLSv1.2").start();

    assertThat(refusal(client(null), "TLSv1.3"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessage("Received fatal alert: protocol_version");
    try (SSLSocket s = handshake(client(null))) {
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
    }
  }

  @Test
  void https_clientCaWithoutClientAuthRequired_servesClientsWithoutCertificate() throws Exception {
    server = https().clientCaFile(clientCaFile).start();

    assertNextValidClientIsServed(client(null));
  }

  // ---- mutual TLS ----

  @Test
  void mutualTls_validClientCertificate_isServed() throws Exception {
    server = mutualTls().start();

    try (SSLSocket s = handshake(client(TestCertificates.client(clientCa, "prometheus")));
        RawHttp c = RawHttp.over(s)) {
      RawResponse r = c.get("/metrics").read();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("gg 17.0");
    }
  }

  /**
   * The engine half-closes and drains a refused connection instead of closing it at once, so the
   * client's request (sent right after its side of the handshake) never makes the server answer
   * with a TCP reset that overtakes the alert. Repeated to show it is deterministic.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void mutualTls_noClientCertificate_clientReadsBadCertificateAlertEveryTime(String protocol)
      throws Exception {
    server = mutualTls().start();
    SSLContext anonymous = client(null);

    for (int i = 0; i < 20; i++) {
      assertThat(refusal(anonymous, protocol))
          .as("attempt %d", i)
          .isInstanceOf(SSLHandshakeException.class)
          // JDK 17 sends bad_certificate; newer JDKs may send TLS 1.3's certificate_required.
          .hasMessageMatching("Received fatal alert: (bad_certificate|certificate_required)");
    }
    assertNextValidClientIsServed(client(TestCertificates.client(clientCa, "prometheus")));
    Poll.until(
        "refused connections closed", Duration.ofSeconds(5), () -> server.openConnections() == 0);
  }

  @Test
  void mutualTls_certificateFromAnotherCa_isRefusedWithCertificateUnknown() throws Exception {
    server = mutualTls().start();
    Issued stranger = TestCertificates.client(TestCertificates.rootCa("Other CA"), "mallory");

    assertThat(refusal(client(stranger)))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessage("Received fatal alert: certificate_unknown");
    assertNextValidClientIsServed(client(TestCertificates.client(clientCa, "prometheus")));
  }

  @Test
  void mutualTls_expiredClientCertificate_isRefusedWithCertificateUnknown() throws Exception {
    server = mutualTls().start();

    assertThat(refusal(client(TestCertificates.expiredClient(clientCa, "late"))))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessage("Received fatal alert: certificate_unknown");
    assertNextValidClientIsServed(client(TestCertificates.client(clientCa, "prometheus")));
  }

  @Test
  void mutualTls_clientCaPath_trustsTheDirectorysCasOnly() throws Exception {
    Path cas = Files.createDirectory(dir.resolve("client-cas"));
    Issued secondCa = TestCertificates.rootCa("Second Client CA");
    TestCertificates.writeCertificates(cas.resolve("first.pem"), clientCa.certificate());
    TestCertificates.writeCertificates(cas.resolve("second.pem"), secondCa.certificate());
    server = https().clientAuthRequired(true).clientCaPath(cas).start();

    assertNextValidClientIsServed(client(TestCertificates.client(clientCa, "alice")));
    assertNextValidClientIsServed(client(TestCertificates.client(secondCa, "bob")));
    assertThat(
            refusal(
                client(TestCertificates.client(TestCertificates.rootCa("Other CA"), "mallory"))))
        .hasMessage("Received fatal alert: certificate_unknown");
  }

  @Test
  void mutualTls_noClientCa_usesTheJdkTrustStoreAndRefusesAPrivateCa() throws Exception {
    server = https().clientAuthRequired(true).start();

    assertThat(refusal(client(TestCertificates.client(clientCa, "alice"))))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessage("Received fatal alert: certificate_unknown");
  }

  // ---- rotation ----

  @Test
  void rotation_newCertificateAndKey_servedToNewConnectionsWithoutRestart() throws Exception {
    server = https().start();
    assertThat(servedSerial()).isEqualTo(serverLeaf.serial());

    Issued next = TestCertificates.server(serverCa, EC);
    TestCertificates.writePkcs8(keyFile, next.privateKey());
    TestCertificates.writeCertificates(certFile, next.certificate());

    // Checked at most once a second, on a new connection: give it a generous deadline.
    Poll.until(
        "new serial served", Duration.ofSeconds(10), () -> servedSerial().equals(next.serial()));
    assertNextValidClientIsServed(client(null));
  }

  // ---- builder combinations that must fail at start() ----

  static Stream<Arguments> halfConfigured() {
    Path cert = Path.of("server.crt");
    Path key = Path.of("server.key");
    return Stream.of(
        Arguments.of(
            "only certFile",
            (UnaryOperator<MetricsServer.Builder>) b -> b.certFile(cert),
            "keyFile is missing: certFile server.crt is set; HTTPS needs both, and prom4j"
                + " refuses to fall back to plain HTTP (the Python client silently does)"),
        Arguments.of(
            "only keyFile",
            (UnaryOperator<MetricsServer.Builder>) b -> b.keyFile(key),
            "certFile is missing: keyFile server.key is set; HTTPS needs both, and prom4j"
                + " refuses to fall back to plain HTTP (the Python client silently does)"),
        Arguments.of(
            "clientAuthRequired without certFile and keyFile",
            (UnaryOperator<MetricsServer.Builder>) b -> b.clientAuthRequired(true),
            "clientAuthRequired is set but certFile and keyFile are not; TLS settings need"
                + " HTTPS, and prom4j refuses to serve plain HTTP instead"),
        Arguments.of(
            "clientCaFile without certFile and keyFile",
            (UnaryOperator<MetricsServer.Builder>) b -> b.clientCaFile(Path.of("ca.crt")),
            "clientCaFile is set but certFile and keyFile are not; TLS settings need"
                + " HTTPS, and prom4j refuses to serve plain HTTP instead"),
        Arguments.of(
            "clientCaPath without certFile and keyFile",
            (UnaryOperator<MetricsServer.Builder>) b -> b.clientCaPath(Path.of("cas")),
            "clientCaPath is set but certFile and keyFile are not; TLS settings need"
                + " HTTPS, and prom4j refuses to serve plain HTTP instead"),
        Arguments.of(
            "tlsMinVersion without certFile and keyFile",
            (UnaryOperator<MetricsServer.Builder>) b -> b.tlsMinVersion("TLSv1.3"),
            "tlsMinVersion is set but certFile and keyFile are not; TLS settings need"
                + " HTTPS, and prom4j refuses to serve plain HTTP instead"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("halfConfigured")
  void start_halfConfiguredTls_failsWithItsMessageAndLeavesThePortFree(
      String name, UnaryOperator<MetricsServer.Builder> configure, String message)
      throws IOException {
    int port = freePort();
    MetricsServer.Builder builder =
        configure.apply(
            MetricsServer.builder()
                .address("127.0.0.1")
                .port(port)
                .registry(TestCollectors.small()));

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
    assertPortFree(port);
  }

  @Test
  void start_tlsMinVersionAboveMax_failsAndLeavesThePortFree() throws IOException {
    int port = freePort();
    MetricsServer.Builder builder =
        https().port(port).tlsMinVersion("TLSv1.3").tlsMaxVersion("TLSv1.2");

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tlsMinVersion TLSv1.3 must not be above tlsMaxVersion TLSv1.2");
    assertPortFree(port);
  }

  @Test
  void tlsVersionSetters_unknownVersion_failAtOnceListingTheAllowedOnes() {
    MetricsServer.Builder builder = https();

    assertThatThrownBy(() -> builder.tlsMinVersion("TLSv1.4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tlsMinVersion must be one of TLSv1.2, TLSv1.3: TLSv1.4");
    assertThatThrownBy(() -> builder.tlsMaxVersion("SSLv3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tlsMaxVersion must be one of TLSv1.2, TLSv1.3: SSLv3");
  }

  @Test
  void tlsVersionSetters_tls10AndTls11_failAtOnceSayingWhy() {
    MetricsServer.Builder builder = https();

    assertThatThrownBy(() -> builder.tlsMinVersion("TLSv1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tlsMinVersion must be one of TLSv1.2, TLSv1.3: TLSv1 (TLS 1.0 and 1.1 have"
                + " no modern cipher suite and the JDK disables them)");
    assertThatThrownBy(() -> builder.tlsMinVersion("TLSv1.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tlsMinVersion must be one of TLSv1.2, TLSv1.3: TLSv1.1 (TLS 1.0 and 1.1"
                + " have no modern cipher suite and the JDK disables them)");
    assertThatThrownBy(() -> builder.tlsMaxVersion("TLSv1.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tlsMaxVersion must be one of TLSv1.2, TLSv1.3: TLSv1.1 (");
  }

  @Test
  void start_missingKeyFile_namesTheFileAndItsRoleAndLeavesThePortFree() throws IOException {
    int port = freePort();
    Path missing = dir.resolve("missing.key");
    MetricsServer.Builder builder = https().port(port).keyFile(missing);

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server private key file '" + missing + "' (keyFile): no such file");
    assertPortFree(port);
  }

  @Test
  void start_keyOfAnotherCertificate_failsNamingBothFilesAndLeavesThePortFree() throws IOException {
    int port = freePort();
    Path otherKey =
        TestCertificates.writePkcs8(
            dir.resolve("other.key"), TestCertificates.keyPair(EC).getPrivate());
    MetricsServer.Builder builder = https().port(port).keyFile(otherKey);

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "The server private key file '"
                + otherKey
                + "' (keyFile) does not match the first certificate in '"
                + certFile
                + "'");
    assertPortFree(port);
  }

  /** A port that was free a moment ago (bound and released on the loopback address). */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  /** Nothing listens on {@code port} and no server thread for it exists. */
  private static void assertPortFree(int port) throws IOException {
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(n -> n.startsWith("prom4j-http-" + port + "-"));
  }
}
