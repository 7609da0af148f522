package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.Histogram;
import io.prom4j.Info;
import io.prom4j.StateSet;
import io.prom4j.Summary;
import io.prom4j.exposition.EscapingScheme;
import io.prom4j.exposition.ExpositionFormat;
import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.exposition.TextFormat;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.InfoDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.Quantile;
import io.prom4j.model.StateSetDataPoint;
import io.prom4j.model.SummaryDataPoint;
import io.prom4j.model.UnknownDataPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders one large, deterministic, mixed registry in every text format and escaping scheme and
 * prints a SHA-256 per format: a refactoring of the writers must leave every line unchanged.
 *
 * <p>The registry holds every metric type built through the public builders (fixed clock, so {@code
 * _created} is pinned) and a custom collector with every family type the model allows (gauge
 * histogram, unknown, summary quantiles, exemplars, empty families, help with escapes, names and
 * label names outside the legacy character set, NaN and infinities), and enough series to cross the
 * writers' buffer chunks.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl prom4j-benchmarks -am package -DskipTests
 * java -cp prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.ExpositionDigest
 * }</pre>
 */
public final class ExpositionDigest {
  private ExpositionDigest() {}

  /** Prints {@code <format> <bytes> <sha-256>} per format to standard output. */
  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    for (Map.Entry<String, String> e : digests().entrySet()) {
      out.println(e.getKey() + " " + e.getValue());
    }
  }

  /** Format name to {@code <bytes> <sha-256>}, in a fixed order. */
  static Map<String, String> digests() throws IOException {
    CollectorRegistry registry = registry();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ExpositionFormat> e : formats().entrySet()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      e.getValue().write(bytes, registry);
      // A second scrape reads the label caches filled by the first: it must be the same.
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      e.getValue().write(again, registry);
      String digest = sha256(bytes.toByteArray());
      if (!digest.equals(sha256(again.toByteArray()))) {
        throw new IllegalStateException(e.getKey() + ": a second scrape differs from the first");
      }
      out.put(e.getKey(), bytes.size() + " " + digest);
    }
    return out;
  }

  /** Every format prom4j writes, under a stable name. */
  static Map<String, ExpositionFormat> formats() {
    Map<String, ExpositionFormat> f = new LinkedHashMap<>();
    f.put("text-0.0.4", TextFormat.v004());
    f.put("text-0.0.4-created", TextFormat.builder().createdSeries(true).build());
    for (EscapingScheme s : EscapingScheme.values()) {
      f.put(
          "text-1.0.0-" + s.headerValue(),
          TextFormat.builder().version("1.0.0").escaping(s).build());
    }
    f.put(
        "text-1.0.0-allow-utf-8-created",
        TextFormat.builder()
            .version("1.0.0")
            .escaping(EscapingScheme.ALLOW_UTF8)
            .createdSeries(true)
            .build());
    // OpenMetrics with _created inline: the bytes every OpenMetrics scrape had before the
    // created-series default changed, so the family-writer refactor is still shown identical.
    f.put("openmetrics", OpenMetricsFormat.builder().createdSeries(true).build());
    for (EscapingScheme s : EscapingScheme.values()) {
      f.put(
          "openmetrics-" + s.headerValue(),
          OpenMetricsFormat.builder().escaping(s).createdSeries(true).build());
    }
    f.put("openmetrics-default-no-created", OpenMetricsFormat.standard());
    return f;
  }

  /** The mixed registry; the same content on every call. */
  static CollectorRegistry registry() {
    CollectorRegistry r = new CollectorRegistry();
    InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
    String[] odd = {
      "plain", "back\\slash", "quote\"d", "new\nline", "grüße", "日本語", "😀 emoji", ""
    };

    Counter requests =
        Counter.builder()
            .name("requests_total")
            .help("Requests \"served\", with a \\ and a\nnew line.")
            .labelNames("path", "status")
            .clock(clock)
            .register(r);
    for (int i = 0; i < 3000; i++) {
      requests.labels("/api/" + odd[i % odd.length] + "/" + i, i % 5 == 0 ? "500" : "200").inc(i);
    }
    Counter.builder().name("ticks").clock(clock).register(r).inc(1e21);
    Counter.builder().name("bytes").unit("total").help("Unit total.").clock(clock).register(r);
    Counter.builder()
        .namespace("app")
        .subsystem("io")
        .name("read")
        .unit("bytes")
        .help("Bytes read.")
        .clock(clock)
        .register(r)
        .inc(0.1 + 0.2);
    Counter utf8 =
        Counter.builder()
            .name("http.requests.ü")
            .help("A UTF-8 name.")
            .labelNames("méthode", "code")
            .clock(clock)
            .register(r);
    utf8.labels("GET", "200").inc(Double.POSITIVE_INFINITY);
    utf8.labels("PÖST\"", "5\\00").inc(7);
    Counter.builder().name("unlabelled_utf8.total").clock(clock).register(r).inc(3);

    Gauge g = Gauge.builder().name("temperature").help("").labelNames("room").register(r);
    double[] values = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.0,
      0,
      1e-5,
      1e-4,
      123456,
      1234567,
      1e21,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      -2.5,
      Math.PI
    };
    for (int i = 0; i < values.length; i++) {
      g.labels("r" + i + odd[i % odd.length]).set(values[i]);
    }
    Gauge.builder().name("gauge.with.dots").help("Dots.").register(r).set(42);
    Gauge.builder().name("queue:size").help("Colon.").register(r).set(-1);

    Histogram h =
        Histogram.builder()
            .name("latency")
            .unit("seconds")
            .help("Latency.")
            .labelNames("route")
            .clock(clock)
            .register(r);
    for (int i = 0; i < 200; i++) {
      h.labels("/r/" + (i % 20) + odd[i % odd.length]).observe(i / 100.0);
    }
    Histogram neg =
        Histogram.builder()
            .name("delta")
            .help("Negative buckets: no _sum.")
            .buckets(-10, -1, 0, 1, 10)
            .clock(clock)
            .register(r);
    neg.observe(-5);
    neg.observe(3);
    Histogram.builder().name("empty.histogram").labelNames("a").clock(clock).register(r);

    Summary s =
        Summary.builder().name("rpc").help("RPCs.").labelNames("m").clock(clock).register(r);
    s.labels("a").observe(1.5);
    s.labels("b\"").observe(Double.POSITIVE_INFINITY);

    Info info = Info.builder().name("build").help("Build info.").register(r);
    info.info(Map.of("version", "1.2.3", "commit", "abc\"def", "ünicode", "ja"));
    Info.builder().name("target_info").labelNames("env").register(r).labels("prod");

    StateSet st =
        StateSet.builder()
            .name("mode")
            .help("Mode.")
            .states("on", "off", "ünknown\"")
            .labelNames("unit")
            .register(r);
    st.labels("u1").state("off");
    st.labels("u2").state("ünknown\"");

    StringBuilder bigHelp = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      bigHelp.append("ßig help ").append(i).append(i % 100 == 0 ? "\\\n\"" : " ");
    }
    List<MetricFamily> custom = customFamilies(bigHelp.toString());
    r.register(() -> custom);
    return r;
  }

  /** Families only a custom collector can produce. */
  private static List<MetricFamily> customFamilies(String bigHelp) {
    List<MetricFamily> f = new ArrayList<>();
    Exemplar ex = new Exemplar(Labels.of("trace_id", "abc\"1"), 0.5, 1_700_000_000.5);
    Exemplar noTime = new Exemplar(Labels.of("span.id", "x"), 7, Double.NaN);
    f.add(
        new MetricFamily(
            "custom_events_total",
            "Events with exemplars.",
            MetricType.COUNTER,
            "",
            List.of(
                CounterDataPoint.of(Labels.of("k", "v"), 3, 1_600_000_000.25, ex),
                CounterDataPoint.of(Labels.of("k", "w"), 4, Double.NaN, noTime),
                CounterDataPoint.of(Labels.of("k", "z"), Double.NaN))));
    f.add(new MetricFamily("custom_empty", "No series.", MetricType.COUNTER, "", List.of()));
    f.add(
        new MetricFamily(
            "custom_unknown",
            "Unknown.",
            MetricType.UNKNOWN,
            "",
            List.of(
                UnknownDataPoint.of(Labels.EMPTY, 1),
                UnknownDataPoint.of(Labels.of("label.dot", "ü", "a", "b"), -1e-300))));
    f.add(
        new MetricFamily(
            "custom_gauge_bytes",
            bigHelp,
            MetricType.GAUGE,
            "bytes",
            List.of(GaugeDataPoint.of(Labels.of("x", "y"), 1024))));
    f.add(
        new MetricFamily(
            "custom_gh",
            "Gauge histogram.",
            MetricType.GAUGE_HISTOGRAM,
            "",
            List.of(
                HistogramDataPoint.of(
                    Labels.of("q", "1"),
                    new double[] {0.5, 1, Double.POSITIVE_INFINITY},
                    new long[] {1, 3, 4},
                    2.75,
                    Double.NaN),
                HistogramDataPoint.of(
                    Labels.EMPTY,
                    new double[] {-1, Double.POSITIVE_INFINITY},
                    new long[] {0, 2},
                    -3,
                    Double.NaN))));
    f.add(new MetricFamily("custom_gh_empty", "", MetricType.GAUGE_HISTOGRAM, "", List.of()));
    f.add(
        new MetricFamily(
            "custom_hist_seconds",
            "Histogram with exemplars.",
            MetricType.HISTOGRAM,
            "seconds",
            List.of(
                new ExemplarHistogram(
                    Labels.of("op", "read"),
                    new double[] {0.005, 0.1, 1, Double.POSITIVE_INFINITY},
                    new long[] {1, 2, 5, 6},
                    3.25,
                    1_690_000_000.75,
                    new Exemplar[] {ex, null, noTime, null}))));
    f.add(
        new MetricFamily(
            "custom_summary",
            "Summary with quantiles.",
            MetricType.SUMMARY,
            "",
            List.of(
                SummaryDataPoint.of(
                    Labels.of("svc", "a"),
                    10,
                    12.5,
                    List.of(new Quantile(0.5, 1.25), new Quantile(0.99, Double.NaN)),
                    1_650_000_000),
                SummaryDataPoint.of(
                    Labels.of("svc", "b"),
                    0,
                    0,
                    List.of(new Quantile(0.5, 0), new Quantile(0.9, 1e-7)),
                    Double.NaN))));
    f.add(
        new MetricFamily(
            "custom_info",
            "Custom info.",
            MetricType.INFO,
            "",
            List.of(InfoDataPoint.of(Labels.of("a.b", "c", "d", "é")))));
    f.add(
        new MetricFamily(
            "custom.state",
            "Custom state set.",
            MetricType.STATESET,
            "",
            List.of(
                StateSetDataPoint.of(
                    Labels.of("x", "1"), new String[] {"a", "b.c"}, new boolean[] {true, false}))));
    List<DataPoint> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(GaugeDataPoint.of(Labels.of("i", Integer.toString(i), "ü.name", "v" + i), i * 0.1));
    }
    f.add(new MetricFamily("custom_many", "Non-legacy label names.", MetricType.GAUGE, "", many));
    return f;
  }

  /** A histogram point with an exemplar per bucket (null where none): {@code of} takes none. */
  private record ExemplarHistogram(
      Labels labels,
      double[] bounds,
      long[] counts,
      double sum,
      double created,
      Exemplar[] exemplars)
      implements HistogramDataPoint {

    @Override
    public int bucketCount() {
      return bounds.length;
    }

    @Override
    public double upperBound(int i) {
      return bounds[i];
    }

    @Override
    public long cumulativeCount(int i) {
      return counts[i];
    }

    @Override
    public Exemplar exemplar(int i) {
      return exemplars[i];
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** Kept for readers of the bytes: the body of one format as text. */
  static String render(String format) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    formats().get(format).write(bytes, registry());
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
