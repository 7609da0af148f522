package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prom4j.testing.Gzip;
import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import io.prom4j.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over HTTPS: handshakes run on the connection's thread under the head deadline, so a
 * client that connects and says nothing delays no one (the Python client handshakes on its accept
 * thread, where one such client blocks every HTTPS scrape).
 */
class ConnectionTlsTest {

  @TempDir Path dir;
  private Path certFile;
  private Path keyFile;
  private SSLContext client;
  private MetricsServer server;
  private final List<RawHttp> idle = new ArrayList<>();

  @BeforeEach
  void certificates() {
    TestCertificates.Issued ca = TestCertificates.rootCa("Test CA");
    TestCertificates.Issued leaf = TestCertificates.server(ca, TestCertificates.KeyKind.EC);
    certFile = TestCertificates.writeCertificates(dir.resolve("server.crt"), leaf.certificate());
    keyFile = TestCertificates.writePkcs8(dir.resolve("server.key"), leaf.privateKey());
    client = TestCertificates.clientContext(ca.certificate(), null);
  }

  @AfterEach
  void stop() throws IOException {
    for (RawHttp c : idle) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private MetricsServer.Builder https() {
    return Scrape.server(TestCollectors.small()).certFile(certFile).keyFile(keyFile);
  }

  private RawHttp connectTls(int port) throws IOException {
    SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
    s.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
    s.startHandshake();
    return RawHttp.over(s);
  }

  @Test
  void https_servesScrapesOnAKeptAliveConnection() throws Exception {
    server = https().start();

    try (RawHttp c = connectTls(server.port())) {
      RawResponse first = c.get("/metrics").read();
      RawResponse second = c.get("/metrics", "Accept-Encoding: gzip").read();

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.text()).contains("gg 17.0");
      assertThat(Gzip.gunzip(second.body())).isEqualTo(first.text());
    }
    assertThat(server.toString()).contains("https");
  }

  @Test
  void https_requestWithUnreadBody_isAnsweredThenClosedWithoutAReset() throws Exception {
    server = https().start();
    String body = "x".repeat(48 * 1024); // more than one TLS record, never read by the server

    for (int i = 0; i < 10; i++) {
      try (RawHttp c = connectTls(server.port())) {
        RawResponse r =
            c.send(
                    "POST /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body)
                .read();

        assertThat(r.status()).as("attempt %d", i).isEqualTo(405);
        assertThat(r.header("Connection")).isEqualTo("close");
        // close_notify: end of stream, where a reset would throw
        assertThat(c.socket.getInputStream().read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void silentTcpClients_doNotDelayAnHttpsScrape() throws Exception {
    server = https().start();
    for (int i = 0; i < 20; i++) {
      idle.add(RawHttp.connect(server.port()));
    }
    Poll.until(
        "silent clients admitted", Duration.ofSeconds(5), () -> server.openConnections() == 20);

    RawResponse r =
        assertTimeoutPreemptively(
            Scrape.QUICKLY,
            () -> {
              try (RawHttp c = connectTls(server.port())) {
                return c.get("/metrics").read();
              }
            });

    assertThat(r.text()).contains("gg 17.0");
  }

  @Test
  void silentTcpClient_isCutAtTheHeadDeadline() throws Exception {
    server = https().headTimeout(Duration.ofMillis(300)).start();

    try (RawHttp silent = RawHttp.connect(server.port())) {
      assertThat(silent.readUntilClosed()).isEmpty();
    }
    Poll.until("worker freed", Duration.ofSeconds(5), () -> server.openConnections() == 0);
  }

  @Test
  void plainHttpOnTheHttpsPort_isClosedWithoutAnHttpAnswer() throws Exception {
    server = https().start();

    try (RawHttp plain = RawHttp.connect(server.port())) {
      byte[] answer = plain.get("/metrics").readUntilClosed();

      assertThat(new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotStartWith("HTTP/");
    }
    Poll.until("worker freed", Duration.ofSeconds(5), () -> server.openConnections() == 0);
  }
}
