package io.prom4j.interop;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.Histogram;
import io.prom4j.Info;
import io.prom4j.StateSet;
import io.prom4j.Summary;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.Quantile;
import io.prom4j.model.Sample;
import io.prom4j.model.SummaryDataPoint;
import io.prom4j.model.UnknownDataPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry every interoperability test exposes: each metric type, labelled and not, with known
 * values, special floats, and label values that need escaping.
 *
 * <p>Two kinds of expectation come with it: {@link #expectedSeries} derives the exact series set
 * from {@code registry.collect()} (so nothing extra or missing goes unnoticed), and {@link
 * #HAND_WRITTEN} spells out values independently of prom4j's own model code (so a mistake shared by
 * the model and the writers cannot hide).
 */
final class InteropMetrics {

  /** A label value with a backslash, double quotes, a newline and non-ASCII text. */
  static final String TRICKY = "back\\slash \"quoted\" new\nline ünïcødé 日本語 ✓ \uD83D\uDE00";

  /** A label value that ends in a backslash (the escaping must not eat the closing quote). */
  static final String TRAILING_BACKSLASH = "C:\\temp\\";

  /** Help text with every character the text formats escape. */
  static final String TRICKY_HELP =
      "Requests served; help with a \\ backslash, \"quotes\"" + " and a\nnewline.";

  /** Histogram observations: dyadic fractions, so every sum is exact in any order. */
  static final double[] LATENCY_OBSERVATIONS = {0.00390625, 0.015625, 0.3125, 4, 12};

  /**
   * Values a reader must find, written out by hand (series name, labels, value): counters, gauges
   * with NaN and infinities, every bucket of the default-bucket histogram with the {@code le}
   * values Prometheus stores, summary count and sum, info and state-set series, and the escaped
   * label values decoded.
   */
  static final Map<SeriesKey, Double> HAND_WRITTEN = handWritten();

  private InteropMetrics() {}

  /** A new registry holding the metrics, with their values set. */
  static CollectorRegistry create() {
    CollectorRegistry registry = new CollectorRegistry();

    Counter requests =
        Counter.builder()
            .name("interop_requests")
            .help(TRICKY_HELP)
            .labelNames("method", "path")
            .register(registry);
    requests.labels("GET", "/").inc(3);
    requests.labels("POST", TRICKY).inc(2.5);

    Counter processed =
        Counter.builder()
            .name("interop_processed")
            .unit("bytes")
            .help("Bytes processed.")
            .register(registry);
    processed.inc(1234567);

    Gauge temperature =
        Gauge.builder().name("interop_temperature_celsius").help("Temperature.").register(registry);
    temperature.set(21.5);

    Gauge special =
        Gauge.builder()
            .name("interop_special_value")
            .help("Values that need care when written and read.")
            .labelNames("kind")
            .register(registry);
    special.labels("nan").set(Double.NaN);
    special.labels("pos_inf").set(Double.POSITIVE_INFINITY);
    special.labels("neg_inf").set(Double.NEGATIVE_INFINITY);
    special.labels("tiny").set(1e-05);
    special.labels("shortest").set(0.1 + 0.2);
    special.labels("huge").set(1.7976931348623157e308);
    special.labels("negative").set(-42);

    Gauge escaping =
        Gauge.builder()
            .name("interop_label_escaping")
            .help("Label values that need escaping.")
            .labelNames("value")
            .register(registry);
    escaping.labels(TRICKY).set(1);
    escaping.labels(TRAILING_BACKSLASH).set(2);

    Histogram latency =
        Histogram.builder()
            .name("interop_latency_seconds")
            .help("Latency with the default buckets.")
            .register(registry);
    for (double v : LATENCY_OBSERVATIONS) {
      latency.observe(v);
    }

    Histogram sizes =
        Histogram.builder()
            .name("interop_response_size_bytes")
            .help("Response sizes.")
            .labelNames("path")
            .buckets(100, 1000, 10000)
            .register(registry);
    sizes.labels(TRICKY).observe(50);
    sizes.labels(TRICKY).observe(5000);
    sizes.labels("/").observe(20000);

    Summary payload =
        Summary.builder().name("interop_payload_bytes").help("Payload sizes.").register(registry);
    payload.observe(512);
    payload.observe(1024);

    Info build = Info.builder().name("interop_build").help("Build information.").register(registry);
    build.info(Map.of("version", "1.2.3", "revision", TRICKY));

    StateSet state =
        StateSet.builder()
            .name("interop_state")
            .help("Lifecycle state.")
            .states("starting", "running", "stopped")
            .register(registry);
    state.state("running");

    // a custom collector: an untyped value and a summary with quantiles (prom4j's own
    // Summary has none, like Python's)
    registry.register(
        () ->
            List.of(
                new MetricFamily(
                    "interop_custom_value",
                    "A value of unknown type.",
                    MetricType.UNKNOWN,
                    "",
                    List.of(UnknownDataPoint.of(Labels.EMPTY, 42))),
                new MetricFamily(
                    "interop_rpc_duration_seconds",
                    "RPC durations.",
                    MetricType.SUMMARY,
                    "seconds",
                    List.of(
                        SummaryDataPoint.of(
                            Labels.EMPTY,
                            10,
                            3.75,
                            List.of(new Quantile(0.5, 0.25), new Quantile(0.99, 1.5)),
                            Double.NaN)))));
    return registry;
  }

  /**
   * The series a reader must see, derived from {@code registry.collect()}: every {@link
   * MetricFamily#samples()} entry, without the {@code _created} series when {@code withCreated} is
   * false (the text format writes none by default).
   */
  static Map<SeriesKey, Double> expectedSeries(CollectorRegistry registry, boolean withCreated) {
    Map<SeriesKey, Double> out = new LinkedHashMap<>();
    for (MetricFamily f : registry.collect()) {
      for (Sample s : f.samples()) {
        if (!withCreated && isCreated(f, s)) {
          continue;
        }
        out.put(new SeriesKey(s.name(), s.labels().asMap()), s.value());
      }
    }
    return out;
  }

  /** True if {@code s} is the {@code _created} sample of a counter, histogram or summary. */
  static boolean isCreated(MetricFamily f, Sample s) {
    return Set.of(MetricType.COUNTER, MetricType.HISTOGRAM, MetricType.SUMMARY).contains(f.type())
        && s.name().equals(f.name() + "_created");
  }

  private static Map<SeriesKey, Double> handWritten() {
    Map<SeriesKey, Double> m = new LinkedHashMap<>();
    m.put(SeriesKey.of("interop_requests_total", "method", "GET", "path", "/"), 3.0);
    m.put(SeriesKey.of("interop_requests_total", "method", "POST", "path", TRICKY), 2.5);
    m.put(SeriesKey.of("interop_processed_bytes_total"), 1234567.0);
    m.put(SeriesKey.of("interop_temperature_celsius"), 21.5);
    m.put(SeriesKey.of("interop_special_value", "kind", "nan"), Double.NaN);
    m.put(SeriesKey.of("interop_special_value", "kind", "pos_inf"), Double.POSITIVE_INFINITY);
    m.put(SeriesKey.of("interop_special_value", "kind", "neg_inf"), Double.NEGATIVE_INFINITY);
    m.put(SeriesKey.of("interop_special_value", "kind", "tiny"), 0.00001);
    m.put(SeriesKey.of("interop_special_value", "kind", "shortest"), 0.30000000000000004);
    m.put(SeriesKey.of("interop_special_value", "kind", "huge"), Double.MAX_VALUE);
    m.put(SeriesKey.of("interop_special_value", "kind", "negative"), -42.0);
    m.put(SeriesKey.of("interop_label_escaping", "value", TRICKY), 1.0);
    m.put(SeriesKey.of("interop_label_escaping", "value", TRAILING_BACKSLASH), 2.0);
    // default buckets; observations 0.00390625, 0.015625, 0.3125, 4, 12
    String[] le = {
      "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0",
      "7.5", "10.0", "+Inf"
    };
    double[] cumulative = {1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5};
    for (int i = 0; i < le.length; i++) {
      m.put(SeriesKey.of("interop_latency_seconds_bucket", "le", le[i]), cumulative[i]);
    }
    m.put(SeriesKey.of("interop_latency_seconds_count"), 5.0);
    m.put(SeriesKey.of("interop_latency_seconds_sum"), 16.33203125);
    String[] sizeLe = {"100.0", "1000.0", "10000.0", "+Inf"};
    double[] trickyCounts = {1, 1, 2, 2};
    double[] rootCounts = {0, 0, 0, 1};
    for (int i = 0; i < sizeLe.length; i++) {
      m.put(
          SeriesKey.of("interop_response_size_bytes_bucket", "le", sizeLe[i], "path", TRICKY),
          trickyCounts[i]);
      m.put(
          SeriesKey.of("interop_response_size_bytes_bucket", "le", sizeLe[i], "path", "/"),
          rootCounts[i]);
    }
    m.put(SeriesKey.of("interop_response_size_bytes_count", "path", TRICKY), 2.0);
    m.put(SeriesKey.of("interop_response_size_bytes_sum", "path", TRICKY), 5050.0);
    m.put(SeriesKey.of("interop_response_size_bytes_count", "path", "/"), 1.0);
    m.put(SeriesKey.of("interop_response_size_bytes_sum", "path", "/"), 20000.0);
    m.put(SeriesKey.of("interop_payload_bytes_count"), 2.0);
    m.put(SeriesKey.of("interop_payload_bytes_sum"), 1536.0);
    m.put(SeriesKey.of("interop_build_info", "revision", TRICKY, "version", "1.2.3"), 1.0);
    m.put(SeriesKey.of("interop_state", "interop_state", "starting"), 0.0);
    m.put(SeriesKey.of("interop_state", "interop_state", "running"), 1.0);
    m.put(SeriesKey.of("interop_state", "interop_state", "stopped"), 0.0);
    m.put(SeriesKey.of("interop_custom_value"), 42.0);
    m.put(SeriesKey.of("interop_rpc_duration_seconds", "quantile", "0.5"), 0.25);
    m.put(SeriesKey.of("interop_rpc_duration_seconds", "quantile", "0.99"), 1.5);
    m.put(SeriesKey.of("interop_rpc_duration_seconds_count"), 10.0);
    m.put(SeriesKey.of("interop_rpc_duration_seconds_sum"), 3.75);
    return Map.copyOf(m);
  }
}
