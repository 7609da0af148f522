package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients that stop reading a large response: the write deadline frees their thread. */
class WatchdogTest {

  /** About 12 MB of text: more than the socket buffers on both sides hold. */
  private static final int SERIES = 300_000;

  private static CollectorRegistry large;
  private MetricsServer server;

  @BeforeAll
  static void buildRegistry() {
    large = TestCollectors.large(SERIES);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void clientThatNeverReads_isCutAtTheWriteDeadline_andItsWorkerFreed() throws Exception {
    server = Scrape.server(large).compression(false).writeTimeout(Duration.ofMillis(300)).start();
    try (RawHttp hog = RawHttp.connectWithSmallReceiveBuffer(server.port())) {
      hog.get("/metrics");
      Poll.until(
          "the hog was admitted", Duration.ofSeconds(5), () -> server.openConnections() == 1);

      Poll.until(
          "the hog's worker is freed", Duration.ofSeconds(10), () -> server.openConnections() == 0);

      Scrape.completesQuickly(server.port());
      String received = new String(hog.readUntilClosed(), StandardCharsets.UTF_8);
      assertThat(received)
          .startsWith("HTTP/1.1 200 OK")
          .doesNotContain("series=\"" + (SERIES - 1) + "\"");
    }
  }

  @Test
  void clientThatNeverReads_atDefaults_doesNotDelayAScrape() throws Exception {
    server = Scrape.server(large).compression(false).start();
    try (RawHttp hog = RawHttp.connectWithSmallReceiveBuffer(server.port())) {
      hog.get("/metrics");
      Poll.until(
          "the hog was admitted", Duration.ofSeconds(5), () -> server.openConnections() == 1);

      Scrape.completesQuickly(server.port());
    }
  }
}
