package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against clients that misuse TLS: renegotiation, and authorizations a client CA change
 * withdrew.
 */
class HostileTlsTest {

  @TempDir Path dir;
  private Issued serverCa;
  private Issued clientCa;
  private Path certFile;
  private Path keyFile;
  private Path clientCaFile;
  private MetricsServer server;

  @BeforeEach
  void certificates() {
    serverCa = TestCertificates.rootCa("Server CA");
    clientCa = TestCertificates.rootCa("Client CA");
    Issued leaf = TestCertificates.server(serverCa, TestCertificates.KeyKind.EC);
    certFile = TestCertificates.writeCertificates(dir.resolve("server.crt"), leaf.certificate());
    keyFile = TestCertificates.writePkcs8(dir.resolve("server.key"), leaf.privateKey());
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

  private SSLSocket handshake(SSLContext context, String protocol) throws IOException {
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
    socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (protocol != null) {
      parameters.setProtocols(new String[] {protocol});
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  @Test
  void tls12_clientInitiatedRenegotiation_closesTheConnection_andServesOthers() throws Exception {
    server = https().start();
    SSLContext client = TestCertificates.clientContext(serverCa.certificate(), null);

    try (SSLSocket s = handshake(client, "TLSv1.2");
        RawHttp c = RawHttp.over(s)) {
      assertThat(c.get("/metrics").read().status()).isEqualTo(200);

      s.startHandshake(); // a second handshake on TLS 1.2: a renegotiation ClientHello

      // Without the guard the server renegotiates and answers this request with a 200.
      assertThatThrownBy(() -> c.get("/metrics").read()).isInstanceOf(IOException.class);
    }
    Poll.until("the connection ended", Duration.ofSeconds(10), () -> server.openConnections() == 0);
    try (RawHttp c = RawHttp.over(handshake(client, "TLSv1.2"))) {
      assertThat(c.get("/metrics").read().status()).isEqualTo(200);
    }
  }

  @Test
  void tls13_keyUpdateFromTheClient_isNotMistakenForRenegotiation() throws Exception {
    server = https().start();
    SSLContext client = TestCertificates.clientContext(serverCa.certificate(), null);

    try (SSLSocket s = handshake(client, "TLSv1.3");
        RawHttp c = RawHttp.over(s)) {
      assertThat(c.get("/metrics").read().status()).isEqualTo(200);

      s.startHandshake(); // on TLS 1.3 JSSE sends a KeyUpdate, encrypted like application data
      RawResponse after = c.get("/metrics").read();

      assertThat(after.status()).isEqualTo(200);
      assertThat(after.text()).contains("gg 17.0");
    }
  }

  @Test
  void clientCaChange_closesConnectionsAuthorizedByTheOldCa_whenIdle() throws Exception {
    server = https().clientAuthRequired(true).clientCaFile(clientCaFile).start();
    SSLContext oldClient =
        TestCertificates.clientContext(
            serverCa.certificate(), TestCertificates.client(clientCa, "prometheus"));
    Issued newCa = TestCertificates.rootCa("New Client CA");
    SSLContext newClient =
        TestCertificates.clientContext(
            serverCa.certificate(), TestCertificates.client(newCa, "prometheus"));

    try (RawHttp kept = RawHttp.over(handshake(oldClient, null))) {
      assertThat(kept.get("/metrics").read().status()).isEqualTo(200);

      TestCertificates.writeCertificates(clientCaFile, newCa.certificate());
      // The files are checked at most once a second, when a connection arrives or between
      // requests: poll with new clients of the new CA until the change is in use.
      Poll.until(
          "the new client CA is in use",
          Duration.ofSeconds(20),
          () -> {
            try (RawHttp c = RawHttp.over(handshake(newClient, null))) {
              return c.get("/metrics").read().status() == 200;
            } catch (IOException e) {
              return false;
            }
          });

      assertThat(kept.closedByServer()).isTrue();
    }
  }

  @Test
  void maxConnectionAge_closesAKeptAliveConnectionWhenItComesOfAge() throws Exception {
    server = https().maxConnectionAge(Duration.ofMillis(300)).start();
    SSLContext client = TestCertificates.clientContext(serverCa.certificate(), null);

    try (RawHttp c = RawHttp.over(handshake(client, null))) {
      RawResponse first = c.get("/metrics").read();

      assertThat(first.status()).isEqualTo(200);
      assertThat(c.closedByServer()).isTrue(); // within the 10 s read timeout
    }
  }
}
