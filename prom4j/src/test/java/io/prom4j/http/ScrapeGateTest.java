package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.model.MetricFamily;
import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scrapes in flight and scrape deadlines: a hung collector costs slots, never the server. */
class ScrapeGateTest {

  private static final String HALF_SECOND = "X-Prometheus-Scrape-Timeout-Seconds: 0.5";

  private final TestCollectors.Controllable collector = new TestCollectors.Controllable();
  private MetricsServer server;

  @AfterEach
  void stop() {
    if (collector.release != null) {
      collector.unblock();
    }
    if (server != null) {
      server.close();
    }
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }

  @Test
  void deadline_followsTheScrapeTimeoutHeaderLessAMargin_elseTheDefault() {
    ScrapeGate gate = new ScrapeGate(2, Duration.ofSeconds(10));
    long s = TimeUnit.SECONDS.toNanos(1);

    assertThat(gate.deadline("10", 0)).isEqualTo(9 * s + s / 2); // 0.5 s margin
    assertThat(gate.deadline("1", 0)).isEqualTo(9 * s / 10); // 10% margin
    assertThat(gate.deadline(" 2.5 ", 0)).isEqualTo(2 * s + s / 4);
    assertThat(gate.deadline("1e9", 0)).isEqualTo(120 * s - s / 2); // capped at 2 minutes
    assertThat(gate.deadline(null, 0)).isEqualTo(10 * s);
    assertThat(gate.deadline("soon", 0)).isEqualTo(10 * s);
    assertThat(gate.deadline("-3", 0)).isEqualTo(10 * s);
    assertThat(gate.deadline("NaN", 0)).isEqualTo(10 * s);
  }

  @Test
  void hungCollector_answers503AtTheHeadersDeadline_andHoldsOnlyTheInFlightSlots()
      throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    registry.register(collector);
    server = Scrape.server(registry).maxScrapesInFlight(2).start();
    collector.block();

    try (RawHttp c = RawHttp.connect(server.port())) {
      long start = System.nanoTime();
      RawResponse first = c.get("/metrics", HALF_SECOND).read();
      long took = System.nanoTime() - start;

      assertThat(first.status()).isEqualTo(503);
      assertThat(first.header("Retry-After")).isEqualTo("1");
      assertThat(first.text())
          .isEqualTo(
              "# HTTP 503 Service Unavailable: collecting metrics did not finish before the"
                  + " scrape deadline; see the server log\n");
      assertThat(took).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
      assertThat(c.get("/metrics", HALF_SECOND).read().status()).isEqualTo(503); // 2nd slot
      RawResponse busy = c.get("/metrics", HALF_SECOND).read(); // no slot frees up in time

      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.header("Retry-After")).isEqualTo("1");
      assertThat(busy.text())
          .isEqualTo(
              "# HTTP 503 Service Unavailable: 2 scrapes in flight already; try again later\n");
      for (int i = 0; i < 10; i++) {
        assertThat(c.get("/metrics", "X-Prometheus-Scrape-Timeout-Seconds: 0.05").read().status())
            .isEqualTo(503);
      }
      assertThat(c.send(ScrapeRoutingContract.request("OPTIONS", "/")).read().status())
          .isEqualTo(200);
      assertThat(c.get("/favicon.ico").read().status()).isEqualTo(200);
      assertThat(threadsNamed(server.scrapeHandler().gate().threadPrefix())).isEqualTo(2);
      assertThat(collector.calls).hasValue(2);
    }

    collector.unblock();
    Poll.until(
        "a scrape succeeds once the collector returns",
        Duration.ofSeconds(10),
        () -> {
          try (RawHttp c = RawHttp.connect(server.port())) {
            return c.get("/metrics").read().status() == 200;
          } catch (Exception e) {
            return false;
          }
        });
  }

  @Test
  void registryOfOwnMetricsOnly_isCollectedOnTheRequestsThread_noCollectorThreadStarts()
      throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    server = Scrape.server(registry).start();

    try (RawHttp c = RawHttp.connect(server.port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(c.get("/metrics").read().status()).isEqualTo(200);
      }
    }

    assertThat(threadsNamed(server.scrapeHandler().gate().threadPrefix())).isZero();
  }

  @Test
  void registrySubclassWhoseCollectHangs_isAnswered503AtTheDeadline() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CollectorRegistry registry =
        new CollectorRegistry() {
          @Override
          public List<MetricFamily> collect(Set<String> names) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.collect(names);
          }
        };
    server = Scrape.server(registry).start();

    try (RawHttp c = RawHttp.connect(server.port())) {
      assertThat(c.get("/metrics", HALF_SECOND).read().status()).isEqualTo(503);
    } finally {
      release.countDown();
    }
  }

  @Test
  void scrapeBeyondTheLimit_waitsForASlot_andIsServedWhenOneFrees() throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    registry.register(collector);
    server = Scrape.server(registry).maxScrapesInFlight(1).start();
    collector.block();
    try (RawHttp holder = RawHttp.connect(server.port());
        RawHttp waiter = RawHttp.connect(server.port())) {
      holder.get("/metrics");
      assertThat(collector.awaitEntered()).isTrue();
      waiter.get("/metrics"); // default deadline: 10 s

      collector.unblock();

      assertThat(holder.read().status()).isEqualTo(200);
      RawResponse waited = waiter.read();
      assertThat(waited.status()).isEqualTo(200);
      assertThat(waited.text()).contains("controlled 1.0");
    }
  }

  @Test
  void builder_badGateValues_throwNamingTheSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ScrapeHandler.builder().maxScrapesInFlight(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxScrapesInFlight must be in 1..1024: 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MetricsServer.builder().scrapeTimeout(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scrapeTimeout must be positive and at most PT2M: PT1H");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ScrapeHandler.builder().maxQueryLength(0))
        .hasMessage("maxQueryLength must be in 1..1048576: 0");
  }

  /** A response whose client stops reading: its first body write blocks until released. */
  private static final class StalledResponse implements ScrapeResponse {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void header(String name, String value) {}

    @Override
    public OutputStream body(int status) {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writing.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
      };
    }

    @Override
    public boolean reset() {
      return false;
    }
  }

  @Test
  void clientThatStopsReading_givesItsSlotToAWaitingScrape_andItsOwnScrapeFails() throws Exception {
    ScrapeHandler handler =
        ScrapeHandler.builder()
            .registry(TestCollectors.small())
            .compression(false)
            .maxScrapesInFlight(1)
            .build();
    StalledResponse stalled = new StalledResponse();
    CompletableFuture<Void> slowScrape =
        CompletableFuture.runAsync(
            () -> {
              try {
                handler.handle(new FakeRequest("GET", "/metrics", null), stalled);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    assertThat(stalled.writing.await(10, TimeUnit.SECONDS)).isTrue();

    CapturedResponse normal = new CapturedResponse();
    long start = System.nanoTime();
    handler.handle(new FakeRequest("GET", "/metrics", null), normal);
    long waited = System.nanoTime() - start;

    assertThat(normal.status()).isEqualTo(200);
    assertThat(normal.text()).contains("# TYPE");
    assertThat(waited).isGreaterThanOrEqualTo(ScrapeGate.STALL_NANOS / 2);
    stalled.release.countDown();
    assertThatThrownBy(() -> slowScrape.get(10, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IOException.class)
        .hasRootCauseMessage(
            "the client read too slowly: its scrape slot went to a waiting scrape");
    CapturedResponse after = new CapturedResponse();
    handler.handle(new FakeRequest("GET", "/metrics", null), after);
    assertThat(after.status()).as("the slot was returned once, not lost").isEqualTo(200);
  }
}
