package io.prom4j.http;

import static io.prom4j.testing.TestCertificates.KeyKind.EC;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.exposition.TextFormat;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exposition and HTTP snippets of api.md compile and behave as written (the metric and registry
 * snippets are in {@code io.prom4j.ApiSnippetsTest}). Ports are 0 and addresses loopback where
 * api.md shows 8000 or 8080; TLS behaviour itself is pinned in {@link MetricsServerTlsTest}.
 */
class ApiSnippetsHttpTest {

  @TempDir Path dir;
  private CollectorRegistry registry;

  @BeforeEach
  void registry() {
    registry = new CollectorRegistry();
    Counter.builder().name("jobs").help("Jobs.").register(registry).inc();
  }

  @Test
  void expositionSnippet_generatesTextAndOpenMetrics() {
    String text = TextFormat.generateLatest(registry); // text/plain; version=0.0.4
    String om = OpenMetricsFormat.generateLatest(registry); // application/openmetrics-text

    assertThat(text)
        .isEqualTo("# HELP jobs_total Jobs.\n# TYPE jobs_total counter\n" + "jobs_total 1.0\n");
    assertThat(om)
        .startsWith("# HELP jobs Jobs.\n# TYPE jobs counter\njobs_total 1.0\n")
        .endsWith("# EOF\n");
  }

  @Test
  void shutdownSnippet_stopsTheServerAndEndsItsThread() throws Exception {
    MetricsServer server =
        MetricsServer.builder().address("127.0.0.1").port(0).registry(registry).start();
    try (RawHttp c = RawHttp.connect(server.port())) {
      assertThat(c.get("/metrics").read().text()).contains("jobs_total 1.0");
    }

    server.shutdown(); // like server.shutdown()
    server.thread().join(); // like t.join()

    assertThat(server.thread().isAlive()).isFalse();
    try (ServerSocket again =
        new ServerSocket(server.port(), 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(server.port()); // the port was released
    }
  }

  @Test
  void builderSnippet_startsHttpsWithMutualTlsAndClosesWithTryWithResources() throws IOException {
    Issued ca = TestCertificates.rootCa("Test CA");
    Issued leaf = TestCertificates.server(ca, EC);
    Path certFile =
        TestCertificates.writeCertificates(dir.resolve("server.crt"), leaf.certificate());
    Path keyFile = TestCertificates.writePkcs8(dir.resolve("server.key"), leaf.privateKey());
    Path caFile = TestCertificates.writeCertificates(dir.resolve("ca.crt"), ca.certificate());
    Path clients = Files.createDirectory(dir.resolve("clients"));
    TestCertificates.writeCertificates(clients.resolve("ca.pem"), ca.certificate());

    MetricsServer started;
    try (MetricsServer s =
        MetricsServer.builder()
            .address("127.0.0.1")
            .port(0)
            .registry(registry)
            .certFile(certFile)
            .keyFile(keyFile)
            .clientAuthRequired(true)
            .clientCaFile(caFile)
            .clientCaPath(clients)
            .tlsMinVersion("TLSv1.2")
            .tlsMaxVersion("TLSv1.3")
            .start()) {
      int port = s.port();
      assertThat(port).isPositive();
      started = s;
    }

    assertThat(started.thread().isAlive()).isFalse(); // close() is shutdown plus join
  }

  @Test
  void handlerSnippet_addsExpositionToAnExistingHttpServer() throws IOException {
    HttpServer existing =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    existing.createContext("/metrics", new MetricsHandler(registry));
    existing.start();
    try (RawHttp c = RawHttp.connect(existing.getAddress().getPort())) {
      RawResponse r = c.get("/metrics").read();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("jobs_total 1.0");
    } finally {
      existing.stop(0);
    }
  }
}
