package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prom4j.CollectorRegistry;
import io.prom4j.Gauge;
import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link MetricsServer}: the routing contract over its own engine, and its lifecycle. */
class MetricsServerTest extends ScrapeRoutingContract {

  private MetricsServer server;

  @Override
  int start(CollectorRegistry registry, boolean compression) {
    stop();
    server =
        MetricsServer.builder()
            .address("127.0.0.1")
            .port(0)
            .registry(registry)
            .compression(compression)
            .start();
    return server.port();
  }

  @Override
  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private static boolean canConnect(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void start_portZero_isListeningOnReturnOnAnEphemeralPort() throws Exception {
    int port = start(TestCollectors.small(), true);

    assertThat(port).isBetween(1, 65535);
    assertThat(server.address().getPort()).isEqualTo(port);
    assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(send(port, "GET", "/").status()).isEqualTo(200);
  }

  @Test
  void start_defaults_listenOnIpv4WildcardWithDefaultRegistry() throws Exception {
    Gauge g = Gauge.builder().name("prom4j_http_server_test").help("Test gauge.").register();
    try {
      g.set(5);
      server = MetricsServer.start(0);

      assertThat(server.address().getAddress()).isInstanceOf(Inet4Address.class);
      assertThat(server.address().getAddress().isAnyLocalAddress()).isTrue();
      assertThat(send(server.port(), "GET", "/").text()).contains("prom4j_http_server_test 5.0");
    } finally {
      CollectorRegistry.defaultRegistry().unregister(g);
    }
  }

  @Test
  void threads_areDaemons() {
    start(TestCollectors.small(), true);

    assertThat(server.thread().isDaemon()).isTrue();
    assertThat(server.thread().isAlive()).isTrue();
  }

  @Test
  void start_portInUse_throwsNamingAddressAndPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> MetricsServer.builder().address("127.0.0.1").port(port).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasCauseInstanceOf(BindException.class);
    }
  }

  @Test
  void close_thenStartOnSamePort_binds() throws Exception {
    int port = start(TestCollectors.small(), true);
    try (RawHttp c = RawHttp.connect(port)) {
      assertThat(c.get("/").read().status()).isEqualTo(200);
      server.close();
      assertThat(c.closedByServer()).isTrue();
    }

    server =
        MetricsServer.builder()
            .address("127.0.0.1")
            .port(port)
            .registry(TestCollectors.small())
            .start();

    assertThat(send(port, "GET", "/").status()).isEqualTo(200);
  }

  @Test
  void shutdown_stopsTheAcceptThreadAndReleasesThePort() throws Exception {
    int port = start(TestCollectors.small(), true);

    server.shutdown();
    server.thread().join(5000);

    assertThat(server.thread().isAlive()).isFalse();
    assertThat(canConnect(port)).isFalse();
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  void shutdownAndClose_areIdempotent() {
    start(TestCollectors.small(), true);

    server.shutdown();
    server.shutdown();
    server.close();
    server.close();

    assertThat(server.thread().isAlive()).isFalse();
  }

  @Test
  void shutdown_closesIdleKeepAliveConnectionsAtOnce() throws Exception {
    int port = start(TestCollectors.small(), true);
    try (RawHttp idle = RawHttp.connect(port);
        RawHttp silent = RawHttp.connect(port)) {
      assertThat(idle.get("/").read().status()).isEqualTo(200);
      Poll.until(
          "both connections admitted", Duration.ofSeconds(5), () -> server.openConnections() == 2);

      long t0 = System.nanoTime();
      server.shutdown();

      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      assertThat(idle.closedByServer()).isTrue();
      assertThat(silent.closedByServer()).isTrue();
    }
  }

  @Test
  void shutdown_whileSlowScrapeInFlight_letsItCompleteThenFreesThePort() throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    TestCollectors.Controllable slow = new TestCollectors.Controllable();
    registry.register(slow);
    int port = start(registry, true);
    slow.block();
    // Own threads: the common pool may have a single thread on a small machine.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<RawResponse> scrape = threads.submit(() -> send(port, "GET", "/metrics"));
      assertThat(slow.awaitEntered()).isTrue();

      Future<?> stopping = threads.submit(server::shutdown);
      Poll.until("new connections refused", Duration.ofSeconds(5), () -> !canConnect(port));
      assertThat(stopping.isDone()).isFalse();
      slow.unblock();

      RawResponse r = scrape.get(5, TimeUnit.SECONDS);
      stopping.get(5, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("controlled 1.0").contains("gg 17.0");
      assertThat(r.header("Connection")).isEqualTo("close");
    } finally {
      threads.shutdownNow();
    }
    try (ServerSocket again = new ServerSocket()) {
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  void shutdown_gracePeriodOver_cutsTheSlowScrape() throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    TestCollectors.Controllable slow = new TestCollectors.Controllable();
    registry.register(slow);
    server =
        MetricsServer.builder()
            .address("127.0.0.1")
            .port(0)
            .registry(registry)
            .shutdownGracePeriod(Duration.ofMillis(200))
            .start();
    slow.block();
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.get("/metrics");
      assertThat(slow.awaitEntered()).isTrue();

      long t0 = System.nanoTime();
      server.shutdown();

      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      assertThat(c.readUntilClosed()).isEmpty();
    } finally {
      slow.unblock();
    }
  }

  @Test
  void childJvm_whoseMainReturnsAfterStart_exitsByItself() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExitingMain.class.getName())
            .redirectErrorStream(true)
            .start();
    try {
      boolean exited = child.waitFor(30, TimeUnit.SECONDS);
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(exited).as("child exited; output: %s", output).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("served 200 on port");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void dualStackAddress_servesIpv4AndIpv6() throws Exception {
    assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback on this machine");
    server = MetricsServer.builder().address("::").port(0).registry(TestCollectors.small()).start();

    try (RawHttp v6 = RawHttp.connect("::1", server.port());
        RawHttp v4 = RawHttp.connect("127.0.0.1", server.port())) {
      assertThat(v6.get("/").read().text()).contains("gg 17.0");
      assertThat(v4.get("/").read().text()).contains("gg 17.0");
    }
  }

  private static boolean ipv6LoopbackAvailable() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void builder_badValues_throwIllegalArgumentNamingTheSetting() {
    MetricsServer.Builder b = MetricsServer.builder();

    assertThatThrownBy(() -> b.port(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0..65535: 70000");
    assertThatThrownBy(() -> b.port(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0..65535: -1");
    assertThatThrownBy(() -> MetricsServer.start(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.address(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("address must not be empty");
    assertThatThrownBy(() -> b.maxConnections(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnections must be positive: 0");
    assertThatThrownBy(() -> b.maxHeadBytes(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxHeadBytes must be positive: -5");
    assertThatThrownBy(() -> b.headTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("headTimeout must be positive: PT0S");
    assertThatThrownBy(() -> b.shutdownGracePeriod(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.registry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
    assertThatThrownBy(() -> b.tlsMinVersion("SSLv3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tlsMinVersion must be one of ")
        .hasMessageEndingWith(": SSLv3");
  }

  @Test
  void builder_conflictingSettings_throwIllegalStateAtStart() {
    assertThatThrownBy(() -> MetricsServer.builder().address("127.0.0.1").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("port is not set");
    assertThatThrownBy(
            () ->
                MetricsServer.builder()
                    .port(0)
                    .maxRequestLineBytes(9000)
                    .maxHeadBytes(8000)
                    .start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxRequestLineBytes (9000) must not exceed maxHeadBytes (8000)");
  }

  @Test
  void builder_unresolvableAddress_throwsIllegalArgument() {
    assertThatThrownBy(
            () -> MetricsServer.builder().address("no-such-host.invalid").port(0).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("address cannot be resolved: no-such-host.invalid");
  }

  @Test
  void certFileWithoutKeyFile_failsFastInsteadOfServingPlainHttp() {
    MetricsServer.Builder b =
        MetricsServer.builder().address("127.0.0.1").port(0).certFile(Path.of("server.crt"));

    assertThatThrownBy(b::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("keyFile is missing: certFile server.crt is set")
        .hasMessageContaining("refuses to fall back to plain HTTP");
  }

  @Test
  void keyFileWithoutCertFile_failsFast() {
    MetricsServer.Builder b =
        MetricsServer.builder().address("127.0.0.1").port(0).keyFile(Path.of("server.key"));

    assertThatThrownBy(b::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("certFile is missing: keyFile server.key is set");
  }

  @Test
  void clientAuthOrClientCaWithoutCertAndKey_failFast() {
    assertThatThrownBy(() -> MetricsServer.builder().port(0).clientAuthRequired(true).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clientAuthRequired is set but certFile and keyFile are not");
    assertThatThrownBy(
            () -> MetricsServer.builder().port(0).clientCaFile(Path.of("ca.crt")).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clientCaFile");
    assertThatThrownBy(() -> MetricsServer.builder().port(0).clientCaPath(Path.of("cas")).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clientCaPath");
    assertThatThrownBy(() -> MetricsServer.builder().port(0).tlsMinVersion("TLSv1.3").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("tlsMinVersion");
  }

  /** Run in a child JVM: starts a server, scrapes it, keeps the connection open, returns. */
  static final class ExitingMain {
    public static void main(String[] args) throws IOException {
      MetricsServer server = MetricsServer.start(0);
      // Leave a kept-alive connection open, so a worker thread is blocked in a read on exit.
      RawHttp c = RawHttp.connect(server.port());
      int status = c.get("/").read().status();
      System.out.println("served " + status + " on port " + server.port());
    }
  }

  @Test
  void createdSeries_onTheBuilder_openMetricsWritesCreated() throws Exception {
    try (MetricsServer withCreated =
            Scrape.server(TestCollectors.small()).createdSeries(true).start();
        MetricsServer plain = Scrape.server(TestCollectors.small()).start()) {
      String accept = "Accept: application/openmetrics-text;version=1.0.0";
      assertThat(ScrapeRoutingContract.send(withCreated.port(), "GET", "/", accept).text())
          .contains("\ncc_created ");
      assertThat(ScrapeRoutingContract.send(plain.port(), "GET", "/", accept).text())
          .doesNotContain("_created");
    }
  }
}
