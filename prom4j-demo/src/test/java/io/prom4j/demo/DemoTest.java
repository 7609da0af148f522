package io.prom4j.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.demo.DemoCertificates.Issued;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

  @TempDir Path dir;

  @Test
  void start_servesTheSimulatedWorkload() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    try (Demo.Running demo = Demo.start(new DemoOptions("127.0.0.1", 0, false), registry)) {
      demo.workload().tick();

      String page = scrape(demo.server().port());

      assertThat(demo.url()).isEqualTo("http://127.0.0.1:" + demo.server().port() + "/metrics");
      assertThat(page)
          .startsWith("HTTP/1.1 200 OK")
          .contains("# TYPE demo_requests_total counter")
          .contains("demo_requests_total{code=\"")
          .contains("# TYPE demo_request_duration_seconds histogram")
          .contains("demo_request_duration_seconds_bucket{le=\"+Inf\"}")
          .contains("# TYPE demo_queue_size gauge")
          .contains("demo_build_info{java_version=\"");
    }
  }

  @Test
  void tick_recordsTraceExemplarsOnTheRequestCounterAndLatencyHistogram() {
    CollectorRegistry registry = new CollectorRegistry();
    try (Workload workload = new Workload(registry)) {
      workload.tick();
      String page = io.prom4j.exposition.OpenMetricsFormat.standard().render(registry);
      assertThat(page)
          .containsPattern(
              "demo_requests_total\\{[^}]*\\} 1\\.0 # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"\\} 1\\.0 ")
          .containsPattern(
              "demo_request_duration_seconds_bucket\\{le=\"[^\"]+\"\\} 1 # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"");
    }
  }

  @Test
  void start_certfileAndKeyfile_servesHttps() throws IOException {
    Issued ca = DemoCertificates.ca("Demo CA");
    Issued server = DemoCertificates.server(ca);
    DemoOptions options =
        DemoOptions.parse(
            "--address",
            "127.0.0.1",
            "--port",
            "0",
            "--certfile",
            DemoCertificates.writeCertificate(dir.resolve("server.crt"), server).toString(),
            "--keyfile",
            DemoCertificates.writeKey(dir.resolve("server.key"), server).toString());

    try (Demo.Running demo = Demo.start(options, new CollectorRegistry())) {
      String page = scrape(tls(DemoCertificates.clientContext(ca, null), demo.server().port()));

      assertThat(demo.url()).isEqualTo("https://127.0.0.1:" + demo.server().port() + "/metrics");
      assertThat(page).startsWith("HTTP/1.1 200 OK").contains("# TYPE demo_queue_size gauge");
    }
  }

  @Test
  void start_mutualTlsWithEncryptedKey_servesClientsOfTheClientCaOnly() throws IOException {
    Issued ca = DemoCertificates.ca("Demo CA");
    Issued server = DemoCertificates.server(ca);
    char[] password = "s3cret".toCharArray();
    DemoOptions options =
        DemoOptions.parse(
            "--address",
            "127.0.0.1",
            "--port",
            "0",
            "--certfile",
            DemoCertificates.writeCertificate(dir.resolve("server.crt"), server).toString(),
            "--keyfile",
            DemoCertificates.writeEncryptedKey(dir.resolve("server.key"), server, password)
                .toString(),
            "--key-password-file",
            DemoCertificates.write(dir.resolve("pass.txt"), "s3cret\n").toString(),
            "--client-auth-required",
            "--client-cafile",
            DemoCertificates.writeCertificate(dir.resolve("ca.crt"), ca).toString());

    try (Demo.Running demo = Demo.start(options, new CollectorRegistry())) {
      int port = demo.server().port();
      SSLContext prometheus =
          DemoCertificates.clientContext(ca, DemoCertificates.client(ca, "prometheus"));

      assertThat(scrape(tls(prometheus, port))).startsWith("HTTP/1.1 200 OK");
      assertThatThrownBy(() -> scrape(tls(DemoCertificates.clientContext(ca, null), port)))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageMatching("Received fatal alert: (bad_certificate|certificate_required)");
    }
  }

  @Test
  void start_certfileWithoutKeyfile_failsWithTheServersMessage() {
    Issued server = DemoCertificates.server(DemoCertificates.ca("Demo CA"));
    DemoOptions options =
        DemoOptions.parse(
            "--address",
            "127.0.0.1",
            "--port",
            "0",
            "--certfile",
            DemoCertificates.writeCertificate(dir.resolve("server.crt"), server).toString());

    assertThatThrownBy(() -> Demo.start(options, new CollectorRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("keyFile is missing: certFile ")
        .hasMessageContaining("refuses to fall back to plain HTTP");
  }

  @Test
  void readPassword_takesTheFirstLineWithoutItsLineBreak() {
    Path crlf = DemoCertificates.write(dir.resolve("crlf.txt"), "pa ss\r\nignored\n");
    Path bare = DemoCertificates.write(dir.resolve("bare.txt"), "word");

    assertThat(Demo.readPassword(crlf)).containsExactly('p', 'a', ' ', 's', 's');
    assertThat(Demo.readPassword(bare)).containsExactly('w', 'o', 'r', 'd');
  }

  @Test
  void readPassword_missingFileOrEmptyLine_throwsNamingTheFile() {
    Path missing = dir.resolve("missing.txt");
    Path empty = DemoCertificates.write(dir.resolve("empty.txt"), "\nsecond line\n");

    assertThatThrownBy(() -> Demo.readPassword(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--key-password-file " + missing + ": no such file");
    assertThatThrownBy(() -> Demo.readPassword(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--key-password-file "
                + empty
                + ": the first line is empty; it must hold the key's password");
  }

  /** A TLS connection to 127.0.0.1 that checks the server's certificate and host name. */
  private static SSLSocket tls(SSLContext context, int port) throws IOException {
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = s.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(parameters);
    return s;
  }

  /** One GET over a raw socket; returns the whole response. */
  private static String scrape(int port) throws IOException {
    return scrape(new Socket("127.0.0.1", port));
  }

  /** One GET over a connected socket, which it closes; returns the whole response. */
  private static String scrape(Socket socket) throws IOException {
    try (Socket s = socket) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
