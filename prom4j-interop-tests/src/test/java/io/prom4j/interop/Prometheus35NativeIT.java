package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Histogram;
import io.prom4j.http.MetricsServer;
import io.prom4j.interop.PrometheusServer.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prometheus 3.5 LTS scrapes prom4j over protobuf: native histograms (over HTTP and HTTPS), classic
 * and native series from one scrape, the empty native histogram, created timestamps, and no {@code
 * _created} series with the default Accept header.
 *
 * <p>Three Prometheus processes: one with {@code --enable-feature=native-histograms} (which in 3.5
 * both turns on native histogram ingestion and makes protobuf the first scrape protocol; {@code
 * scrape_native_histograms} only exists from 3.8), one with created-timestamp zero ingestion as
 * well, and one without any feature flag.
 */
class Prometheus35NativeIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** Every metric was created two minutes before the test: scrapes come clearly later. */
  private static final Instant CREATED =
      Instant.ofEpochSecond(Instant.now().getEpochSecond() - 120, 250_000_000);

  /** Exact powers of two: bucket bounds under every schema, so quantiles hit bounds exactly. */
  private static final double[] OBSERVATIONS = {1, 2, 4, 8};

  @TempDir static Path dir;

  private static final List<MetricsServer> servers = new ArrayList<>();
  private static PrometheusServer nativeHistograms;
  private static PrometheusServer createdTimestamps;
  private static PrometheusServer defaults;

  @BeforeAll
  static void startServersAndPrometheus() {
    Tools.require(Tools.Tool.PROMETHEUS_35);
    TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
    CollectorRegistry registry = registry();
    int plain = start(MetricsServer.builder(), registry);
    int https =
        start(
            MetricsServer.builder().certFile(certs.serverChain()).keyFile(certs.serverKey()),
            registry);
    nativeHistograms =
        PrometheusServer.start(
            Tools.Tool.PROMETHEUS_35,
            List.of("--enable-feature=native-histograms"),
            dir.resolve("prometheus-native"),
            "Prometheus35NativeIT-native",
            List.of(
                ScrapeJob.http("native-http", plain),
                ScrapeJob.https("native-https", https, certs.rootCa()),
                ScrapeJob.http("classic-and-native", plain).withClassicHistograms()));
    createdTimestamps =
        PrometheusServer.start(
            Tools.Tool.PROMETHEUS_35,
            List.of("--enable-feature=native-histograms,created-timestamp-zero-ingestion"),
            dir.resolve("prometheus-created"),
            "Prometheus35NativeIT-created",
            List.of(ScrapeJob.http("created", plain)));
    defaults =
        PrometheusServer.start(
            Tools.Tool.PROMETHEUS_35,
            List.of(),
            dir.resolve("prometheus-default"),
            "Prometheus35NativeIT-default",
            List.of(ScrapeJob.http("default-accept", plain)));
  }

  private static CollectorRegistry registry() {
    CollectorRegistry registry = new CollectorRegistry();
    InstantSource clock = InstantSource.fixed(CREATED);
    Histogram hybrid =
        Histogram.builder()
            .name("native_rpc_seconds")
            .help("Classic and native (the default).")
            .clock(clock)
            .register(registry);
    Histogram nativeOnly =
        Histogram.builder()
            .name("native_only_seconds")
            .help("Native only, schema 3.")
            .nativeOnly()
            .nativeSchema(3)
            .clock(clock)
            .register(registry);
    Histogram.builder()
        .name("native_empty_seconds")
        .help("Never observed, zero threshold 0: only the no-op span says it is native.")
        .nativeOnly()
        .nativeZeroThreshold(0)
        .clock(clock)
        .register(registry);
    for (double v : OBSERVATIONS) {
      hybrid.observe(v);
      nativeOnly.observe(v);
    }
    Counter.builder()
        .name("native_jobs")
        .help("A counter with a created time.")
        .clock(clock)
        .register(registry)
        .inc(5);
    return registry;
  }

  @AfterAll
  static void stopAll() {
    for (PrometheusServer p :
        new PrometheusServer[] {nativeHistograms, createdTimestamps, defaults}) {
      if (p != null) {
        p.close();
      }
    }
    for (MetricsServer s : servers) {
      s.close();
    }
  }

  private static double scalar(PrometheusServer p, String promql) {
    List<Series> result = p.query(promql);
    assertThat(result).as(promql).hasSize(1);
    return result.get(0).value();
  }

  /**
   * Prometheus walks the buckets upwards for q < 0.5 and downwards from the top for q >= 0.5, so a
   * rank that ends exactly at a bucket edge gives that bucket's upper bound on the way up and its
   * lower bound on the way down. The lower bounds are Go's table entries (the last of the octave)
   * times a power of two: 4 and 8 have the buckets (4 * 2^(-1/2^s), 4] and (8 * 2^(-1/2^s), 8].
   * Prometheus interpolates through log2 and exp2, which may cost an ulp: within 1e-12 relative.
   */
  @ParameterizedTest
  @ValueSource(strings = {"native-http", "native-https"})
  void nativeHistograms_overProtobuf_countSumAndQuantilesAsObserved(String job) {
    record Expected(String name, double lastBound) {}
    for (Expected e :
        List.of(
            new Expected("native_rpc_seconds", 0.9785720620876999), // schema 5
            new Expected("native_only_seconds", 0.9170040432046711))) { // schema 3
      String selector = e.name() + "{job=\"" + job + "\"}";
      nativeHistograms.check(
          () ->
              Eventually.check(
                  DEADLINE,
                  () -> {
                    assertThat(scalar(nativeHistograms, "histogram_count(" + selector + ")"))
                        .isEqualTo(4.0);
                    assertThat(scalar(nativeHistograms, "histogram_sum(" + selector + ")"))
                        .isEqualTo(15.0);
                    assertThat(
                            scalar(nativeHistograms, "histogram_quantile(0.25, " + selector + ")"))
                        .isEqualTo(1.0);
                    assertThat(
                            scalar(nativeHistograms, "histogram_quantile(0.5, " + selector + ")"))
                        .isCloseTo(e.lastBound() * 4, within(4e-12));
                    assertThat(
                            scalar(nativeHistograms, "histogram_quantile(0.75, " + selector + ")"))
                        .isCloseTo(e.lastBound() * 8, within(8e-12));
                  }));
    }
    // without always_scrape_classic_histograms only the native histogram is stored
    assertThat(nativeHistograms.query("native_rpc_seconds_bucket{job=\"" + job + "\"}")).isEmpty();
  }

  @Test
  void alwaysScrapeClassicHistograms_classicAndNativeSeriesFromOneScrape() {
    String job = "{job=\"classic-and-native\"}";
    nativeHistograms.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  assertThat(
                          scalar(
                              nativeHistograms,
                              "native_rpc_seconds_bucket{job=\"classic-and-native\",le=\"+Inf\"}"))
                      .isEqualTo(4.0);
                  assertThat(
                          scalar(
                              nativeHistograms,
                              "native_rpc_seconds_bucket{job=\"classic-and-native\",le=\"2.5\"}"))
                      .isEqualTo(2.0);
                  assertThat(scalar(nativeHistograms, "native_rpc_seconds_count" + job))
                      .isEqualTo(4.0);
                  assertThat(scalar(nativeHistograms, "native_rpc_seconds_sum" + job))
                      .isEqualTo(15.0);
                  assertThat(
                          scalar(
                              nativeHistograms, "histogram_count(native_rpc_seconds" + job + ")"))
                      .isEqualTo(4.0);
                }));
  }

  @Test
  void emptyNativeHistogram_zeroThresholdZero_storedAsNative() {
    nativeHistograms.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  JsonNode result =
                      nativeHistograms.queryJson("native_empty_seconds{job=\"native-http\"}");
                  assertThat(result).hasSize(1);
                  assertThat(result.get(0).has("histogram")).as(result.toString()).isTrue();
                  assertThat(
                          scalar(
                              nativeHistograms,
                              "histogram_count(native_empty_seconds{job=\"native-http\"})"))
                      .isEqualTo(0.0);
                }));
  }

  @Test
  void createdTimestampZeroIngestion_usesTheCreatedTimestamps() {
    double justAfterCreation = CREATED.toEpochMilli() / 1000.0 + 1;
    createdTimestamps.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  assertThat(scalar(createdTimestamps, "native_jobs_total{job=\"created\"}"))
                      .isEqualTo(5.0);
                  // the zero sample Prometheus inserted at the created time
                  JsonNode counter =
                      createdTimestamps.queryJsonAt(
                          "native_jobs_total{job=\"created\"}", justAfterCreation);
                  assertThat(counter).as("counter at created time").hasSize(1);
                  assertThat(counter.get(0).path("value").path(1).asText()).isEqualTo("0");
                  JsonNode histogram =
                      createdTimestamps.queryJsonAt(
                          "histogram_count(native_rpc_seconds{job=\"created\"})",
                          justAfterCreation);
                  assertThat(histogram).as("native histogram at created time").hasSize(1);
                  assertThat(histogram.get(0).path("value").path(1).asText()).isEqualTo("0");
                }));
    // the created time travels in protobuf, never as a series
    assertThat(createdTimestamps.query("{__name__=~\".+_created\"}")).isEmpty();
  }

  @Test
  void defaultAcceptHeader_storesNoCreatedSeries() {
    defaults.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  assertThat(scalar(defaults, "native_jobs_total{job=\"default-accept\"}"))
                      .isEqualTo(5.0);
                  // OpenMetrics was negotiated: histograms arrive as classic series
                  assertThat(
                          scalar(
                              defaults,
                              "native_rpc_seconds_bucket{job=\"default-accept\",le=\"+Inf\"}"))
                      .isEqualTo(4.0);
                  assertThat(scalar(defaults, "native_only_seconds_count{job=\"default-accept\"}"))
                      .isEqualTo(4.0);
                }));
    assertThat(defaults.query("{__name__=~\".+_created\"}")).isEmpty();
  }

  private static int start(MetricsServer.Builder builder, CollectorRegistry registry) {
    MetricsServer server = builder.address("127.0.0.1").port(0).registry(registry).start();
    servers.add(server);
    return server.port();
  }
}
