package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prom4j.CollectorRegistry;
import io.prom4j.testing.RawResponse;
import java.time.Duration;

/** Helpers for engine tests: a server on 127.0.0.1, and "a scrape still works quickly". */
final class Scrape {

  /** The deadline a concurrent scrape must meet while hostile clients are connected. */
  static final Duration QUICKLY = Duration.ofSeconds(5);

  private Scrape() {}

  static MetricsServer.Builder server(CollectorRegistry registry) {
    return MetricsServer.builder().address("127.0.0.1").port(0).registry(registry);
  }

  /** A scrape of {@code gg} on a new connection completes within {@link #QUICKLY}. */
  static void completesQuickly(int port) {
    RawResponse r =
        assertTimeoutPreemptively(
            QUICKLY, () -> ScrapeRoutingContract.send(port, "GET", "/metrics?name[]=gg"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains("gg 17.0");
  }
}
