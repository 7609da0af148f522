package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Histogram;
import io.prom4j.http.MetricsServer;
import io.prom4j.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real Prometheus with {@code --enable-feature=exemplar-storage} stores prom4j's exemplars and
 * returns the trace id from {@code /api/v1/query_exemplars}, scraped over OpenMetrics and over
 * protobuf: Prometheus 2.53 (counter, classic buckets) and 3.5 (the same, plus a native-only
 * histogram, whose exemplars travel in {@code Histogram.exemplars}, field 16). A default
 * (classic-plus-native) histogram scraped over protobuf is stored as a native histogram by both, so
 * its exemplars are on the native series, and on {@code _bucket} too only when the job asks for
 * classic histograms as well.
 *
 * <p>The counter and the classic histogram take theirs automatically from a sampled span of the
 * real OpenTelemetry SDK; the native-only histogram gets an explicit one.
 */
@SuppressWarnings("try") // the Scope exists only to be closed
class ExemplarsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String EXPLICIT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir static Path dir;

  private static MetricsServer server;
  private static PrometheusServer prometheus253;
  private static PrometheusServer prometheus35;
  private static String traceId;

  @BeforeAll
  static void start() {
    Tools.require(Tools.Tool.PROMETHEUS);
    Tools.require(Tools.Tool.PROMETHEUS_35);
    CollectorRegistry registry = new CollectorRegistry();
    Counter requests =
        Counter.builder().name("exemplar_requests").help("Requests.").register(registry);
    Histogram latency =
        Histogram.builder()
            .name("exemplar_latency_seconds")
            .help("Latency.")
            .buckets(0.1, 1)
            .classicOnly() // classic-bucket exemplars; 3.5 would ingest a hybrid as native only
            .register(registry);
    Histogram hybrid =
        Histogram.builder()
            .name("exemplar_hybrid_seconds")
            .help("Classic plus native, the default.")
            .buckets(0.1, 1)
            .register(registry);
    Histogram rpc =
        Histogram.builder()
            .name("exemplar_rpc_seconds")
            .help("Native only.")
            .nativeOnly()
            .register(registry);
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            // without a span processor the SDK hands out non-recording spans with invalid ids
            .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite()))
            .build()) {
      Span span = tracing.get("interop").spanBuilder("request").startSpan();
      try (Scope unused = span.makeCurrent()) {
        requests.inc(); // the first update of a series may sample
        latency.observe(0.5);
        hybrid.observe(0.5);
      } finally {
        span.end();
      }
      traceId = span.getSpanContext().getTraceId();
    }
    rpc.observeWithExemplar(0.3, Labels.of("trace_id", EXPLICIT_TRACE));
    server = MetricsServer.builder().address("127.0.0.1").port(0).registry(registry).start();
    List<ScrapeJob> jobs = new ArrayList<>();
    jobs.add(ScrapeJob.http("openmetrics", server.port()).protocols("OpenMetricsText1.0.0"));
    jobs.add(ScrapeJob.http("protobuf", server.port()).protocols("PrometheusProto"));
    prometheus253 =
        PrometheusServer.start(
            Tools.Tool.PROMETHEUS,
            List.of("--enable-feature=exemplar-storage"),
            dir.resolve("prometheus-2.53"),
            "ExemplarsIT-2.53",
            jobs);
    List<ScrapeJob> jobs35 = new ArrayList<>(jobs);
    jobs35.add(
        ScrapeJob.http("protobuf-classic", server.port())
            .protocols("PrometheusProto")
            .withClassicHistograms());
    prometheus35 =
        PrometheusServer.start(
            Tools.Tool.PROMETHEUS_35,
            List.of("--enable-feature=exemplar-storage,native-histograms"),
            dir.resolve("prometheus-3.5"),
            "ExemplarsIT-3.5",
            jobs35);
  }

  @AfterAll
  static void stop() {
    for (PrometheusServer p : new PrometheusServer[] {prometheus253, prometheus35}) {
      if (p != null) {
        p.close();
      }
    }
    if (server != null) {
      server.close();
    }
  }

  private static PrometheusServer prometheus(String version) {
    return version.equals("2.53") ? prometheus253 : prometheus35;
  }

  /** The trace ids Prometheus returns for {@code promql}, once it has some. */
  private static List<String> traceIds(PrometheusServer p, String promql) {
    return Eventually.get(
        DEADLINE,
        () -> {
          List<String> ids = new ArrayList<>();
          for (JsonNode series : p.queryExemplars(promql)) {
            for (JsonNode e : series.path("exemplars")) {
              ids.add(e.path("labels").path("trace_id").asText());
            }
          }
          if (ids.isEmpty()) {
            throw new AssertionError("no exemplars yet for " + promql);
          }
          return ids;
        });
  }

  @ParameterizedTest(name = "Prometheus {0}, {1}")
  @CsvSource({"2.53, openmetrics", "2.53, protobuf", "3.5, openmetrics", "3.5, protobuf"})
  void queryExemplars_counterAndClassicBucket_returnTheSpansTraceId(String version, String job) {
    PrometheusServer p = prometheus(version);
    p.check(
        () -> {
          assertThat(traceIds(p, "exemplar_requests_total{job=\"" + job + "\"}"))
              .containsOnly(traceId);
          assertThat(traceIds(p, "exemplar_latency_seconds_bucket{job=\"" + job + "\",le=\"1.0\"}"))
              .containsOnly(traceId);
        });
  }

  /**
   * Over protobuf both versions store a classic-plus-native histogram as one native series, so its
   * exemplars are found under the histogram's own name; OpenMetrics has only the classic buckets.
   */
  @ParameterizedTest(name = "Prometheus {0}, {1}: {2}")
  @CsvSource({
    "2.53, openmetrics, exemplar_hybrid_seconds_bucket",
    "2.53, protobuf, exemplar_hybrid_seconds",
    "3.5, openmetrics, exemplar_hybrid_seconds_bucket",
    "3.5, protobuf, exemplar_hybrid_seconds",
    "3.5, protobuf-classic, exemplar_hybrid_seconds_bucket",
    "3.5, protobuf-classic, exemplar_hybrid_seconds"
  })
  void queryExemplars_classicPlusNativeHistogram_areOnTheSeriesPrometheusStores(
      String version, String job, String series) {
    PrometheusServer p = prometheus(version);
    p.check(() -> assertThat(traceIds(p, series + "{job=\"" + job + "\"}")).containsOnly(traceId));
  }

  @ParameterizedTest(name = "Prometheus 3.5, {0}")
  @CsvSource({"protobuf"})
  void queryExemplars_nativeOnlyHistogram_returnsTheExplicitTraceId(String job) {
    PrometheusServer p = prometheus35;
    p.check(
        () ->
            assertThat(traceIds(p, "exemplar_rpc_seconds{job=\"" + job + "\"}"))
                .containsOnly(EXPLICIT_TRACE));
  }
}
