package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prom4j.CollectorRegistry;
import io.prom4j.Histogram;
import io.prom4j.interop.PrometheusServer.Series;
import io.prom4j.push.PushGateway;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Prometheus 3.5 LTS stores when it scrapes a Pushgateway that holds a pushed default (classic
 * plus native) histogram: the whole way a user's batch-job histogram goes. One Prometheus with
 * {@code --enable-feature=native-histograms} and three jobs on the same gateway, which differ only
 * in what they ask for: the default protocols (protobuf first), the same with {@code
 * always_scrape_classic_histograms}, and text 0.0.4 only (what Prometheus without native histograms
 * negotiates).
 *
 * <p>A second gateway holds one histogram name pushed by two groups, once with a native part and
 * once classic only (as a text push or {@code classicOnly()} leaves it). The gateway serves them as
 * one family, and Prometheus 3.5's protobuf parser decides classic or native by the family's first
 * metric: the classic-only one after a native one fails the whole scrape.
 */
class PushGatewayScrapeIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir static Path dir;

  private static PushgatewayServer gateway;
  private static PushgatewayServer mixed;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void pushAndScrape() throws IOException {
    Tools.require(Tools.Tool.PROMETHEUS_35);
    gateway = PushgatewayServer.start(dir, "PushGatewayScrapeIT");
    CollectorRegistry registry = new CollectorRegistry();
    Histogram latency =
        Histogram.builder()
            .name("interop_scraped_seconds")
            .help("A batch job's default histogram.")
            .register(registry);
    for (double v : InteropMetrics.LATENCY_OBSERVATIONS) {
      latency.observe(v);
    }
    PushGateway.builder().address(gateway.address()).build().push(registry, "interop_scraped");
    int port = port(gateway);

    mixed = PushgatewayServer.start(dir, "PushGatewayScrapeIT-mixed");
    PushGateway toMixed = PushGateway.builder().address(mixed.address()).build();
    toMixed.push(histogram(Histogram.builder()), "a_native"); // sorts first
    toMixed.push(histogram(Histogram.builder().classicOnly()), "b_classic");

    prometheus =
        PrometheusServer.start(
            Tools.Tool.PROMETHEUS_35,
            List.of("--enable-feature=native-histograms"),
            dir.resolve("prometheus"),
            "PushGatewayScrapeIT",
            List.of(
                ScrapeJob.http("gw-protobuf", port),
                ScrapeJob.http("gw-both", port).withClassicHistograms(),
                ScrapeJob.http("gw-text", port).protocols("PrometheusText0.0.4"),
                ScrapeJob.http("mixed-protobuf", port(mixed)),
                ScrapeJob.http("mixed-text", port(mixed)).protocols("PrometheusText0.0.4")));
  }

  /** A registry with one histogram {@code interop_mixed_seconds} holding one observation. */
  private static CollectorRegistry histogram(Histogram.Builder builder) {
    CollectorRegistry registry = new CollectorRegistry();
    builder.name("interop_mixed_seconds").help("Pushed both ways.").register(registry).observe(1);
    return registry;
  }

  private static int port(PushgatewayServer server) {
    return Integer.parseInt(server.address().substring(server.address().indexOf(':') + 1));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (mixed != null) {
      mixed.close();
    }
  }

  @Test
  void protobufScrape_storesTheNativeHistogramOnly() {
    check(
        () -> {
          JsonNode stored = prometheus.queryJson("interop_scraped_seconds{job=\"gw-protobuf\"}");
          assertThat(stored).as("native series").hasSize(1);
          assertThat(stored.get(0).has("histogram")).as(stored.toString()).isTrue();
          assertThat(scalar("histogram_count(interop_scraped_seconds{job=\"gw-protobuf\"})"))
              .isEqualTo(5.0);
          assertThat(scalar("histogram_sum(interop_scraped_seconds{job=\"gw-protobuf\"})"))
              .isEqualTo(16.33203125);
          assertThat(prometheus.query("interop_scraped_seconds_bucket{job=\"gw-protobuf\"}"))
              .as("classic buckets")
              .isEmpty();
        });
  }

  @Test
  void protobufScrapeWithClassicHistograms_storesBothHalves() {
    check(
        () -> {
          assertThat(scalar("histogram_count(interop_scraped_seconds{job=\"gw-both\"})"))
              .isEqualTo(5.0);
          assertThat(scalar("interop_scraped_seconds_bucket{job=\"gw-both\",le=\"0.5\"}"))
              .isEqualTo(3.0);
          assertThat(scalar("interop_scraped_seconds_bucket{job=\"gw-both\",le=\"+Inf\"}"))
              .isEqualTo(5.0);
          assertThat(scalar("interop_scraped_seconds_count{job=\"gw-both\"}")).isEqualTo(5.0);
          assertThat(prometheus.query("count(interop_scraped_seconds_bucket{job=\"gw-both\"})"))
              .extracting(Series::value)
              .containsExactly(15.0); // the 14 default bounds and +Inf
        });
  }

  @Test
  void textScrape_storesTheClassicHistogramOnly() {
    check(
        () -> {
          assertThat(scalar("interop_scraped_seconds_bucket{job=\"gw-text\",le=\"0.005\"}"))
              .isEqualTo(1.0);
          assertThat(scalar("interop_scraped_seconds_bucket{job=\"gw-text\",le=\"5.0\"}"))
              .isEqualTo(4.0);
          assertThat(scalar("interop_scraped_seconds_sum{job=\"gw-text\"}")).isEqualTo(16.33203125);
          assertThat(prometheus.query("interop_scraped_seconds{job=\"gw-text\"}"))
              .as("native series")
              .isEmpty();
        });
  }

  @Test
  void protobufScrape_nativeThenClassicOnlyInOneFamily_failsTheWholeScrape() {
    check(
        () -> {
          PrometheusServer.Target target = prometheus.target("mixed-protobuf");
          assertThat(target.health()).isEqualTo("down");
          assertThat(target.lastError())
              .contains("0 observations found in buckets, but the Count field is 1");
          // over text both groups are classic and the scrape is fine
          assertThat(prometheus.target("mixed-text").health()).isEqualTo("up");
          assertThat(prometheus.query("interop_mixed_seconds_count{job=\"mixed-text\"}"))
              .hasSize(2);
        });
  }

  private static void check(Eventually.Check assertions) {
    prometheus.check(() -> gateway.check(() -> Eventually.check(DEADLINE, assertions)));
  }

  private static double scalar(String promql) {
    List<Series> result = prometheus.query(promql);
    assertThat(result).as(promql).hasSize(1);
    return result.get(0).value();
  }
}
