package io.prom4j.benchmarks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Histogram;
import io.prom4j.exposition.OpenMetricsFormat;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What automatic exemplars cost a plain {@code observe()} and {@code inc()}, prom4j against
 * client_java, with the OpenTelemetry API on the class path and no SDK (a span is made current from
 * a hand-made, sampled {@link SpanContext}). Three cases per metric, each on a metric of its own:
 *
 * <ul>
 *   <li>{@code ExemplarsOff}: exemplars turned off on the builder, the baseline;
 *   <li>{@code NoSpan}: exemplars on (both libraries' default) and no span current, the common case
 *       of an update outside a traced request;
 *   <li>{@code SampledSpan}: exemplars on and a sampled span current on the benchmark thread.
 * </ul>
 *
 * <p>The histograms have {@link Workload#BUCKETS} plus a native histogram (both libraries'
 * default); every observation falls in the same bucket. Both libraries try an exemplar at most once
 * per 90 ms per series and keep one for at least 7 s: with no span they look for one about 11 times
 * a second; with a sampled span they record one on the first update and then, that bucket's
 * exemplar being younger than 7 s, do not look at the span again for 7 s. So these numbers are
 * mostly the cost of the rate limit's check on every update, which is what a traced application
 * pays. Each trial ends by scraping the metric it updated in OpenMetrics and fails if a {@code
 * SampledSpan} metric has no {@code trace_id} exemplar or another metric has one, so a run never
 * reports a no-exemplar path as the exemplar one.
 *
 * <p>Run: {@code java -cp prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunJmh
 * ExemplarBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class ExemplarBenchmark {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_ID = "00f067aa0ba902b7";

  private static final double VALUE = 0.042;

  private Histogram p4HistogramExemplarsOff;
  private Histogram p4HistogramNoSpan;
  private Histogram p4HistogramSampledSpan;
  private Counter p4CounterExemplarsOff;
  private Counter p4CounterNoSpan;
  private Counter p4CounterSampledSpan;
  private CollectorRegistry p4;

  private io.prometheus.metrics.core.metrics.Histogram cjHistogramExemplarsOff;
  private io.prometheus.metrics.core.metrics.Histogram cjHistogramNoSpan;
  private io.prometheus.metrics.core.metrics.Histogram cjHistogramSampledSpan;
  private io.prometheus.metrics.core.metrics.Counter cjCounterExemplarsOff;
  private io.prometheus.metrics.core.metrics.Counter cjCounterNoSpan;
  private io.prometheus.metrics.core.metrics.Counter cjCounterSampledSpan;
  private PrometheusRegistry cj;

  /** A sampled span, current on the benchmark thread during each iteration (a traced request). */
  @State(Scope.Thread)
  public static class SampledSpan {
    private io.opentelemetry.context.Scope scope;

    @Setup(Level.Iteration)
    public void makeCurrent() {
      SpanContext context =
          SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
      scope = Span.wrap(context).makeCurrent();
    }

    @TearDown(Level.Iteration)
    public void close() {
      scope.close();
    }
  }

  /** No span current on the benchmark thread (checked each iteration). */
  @State(Scope.Thread)
  public static class NoSpan {
    @Setup(Level.Iteration)
    public void check() {
      if (Span.current().getSpanContext().isValid()) {
        throw new IllegalStateException("a span is current: " + Span.current());
      }
    }
  }

  @Setup
  public void setUp() {
    p4 = new CollectorRegistry();
    p4HistogramExemplarsOff = p4Histogram("histogram_exemplars_off").exemplars(false).register(p4);
    p4HistogramNoSpan = p4Histogram("histogram_no_span").register(p4);
    p4HistogramSampledSpan = p4Histogram("histogram_sampled_span").register(p4);
    p4CounterExemplarsOff =
        Counter.builder().name("counter_exemplars_off").help("h").exemplars(false).register(p4);
    p4CounterNoSpan = Counter.builder().name("counter_no_span").help("h").register(p4);
    p4CounterSampledSpan = Counter.builder().name("counter_sampled_span").help("h").register(p4);

    cj = new PrometheusRegistry();
    cjHistogramExemplarsOff =
        cjHistogram("histogram_exemplars_off").withoutExemplars().register(cj);
    cjHistogramNoSpan = cjHistogram("histogram_no_span").register(cj);
    cjHistogramSampledSpan = cjHistogram("histogram_sampled_span").register(cj);
    cjCounterExemplarsOff = cjCounter("counter_exemplars_off").withoutExemplars().register(cj);
    cjCounterNoSpan = cjCounter("counter_no_span").register(cj);
    cjCounterSampledSpan = cjCounter("counter_sampled_span").register(cj);
  }

  // Classic buckets plus a native histogram of schema 5: both libraries' default.
  private static Histogram.Builder p4Histogram(String name) {
    return Histogram.builder().name(name).help("h").buckets(Workload.BUCKETS);
  }

  private static io.prometheus.metrics.core.metrics.Histogram.Builder cjHistogram(String name) {
    return io.prometheus.metrics.core.metrics.Histogram.builder()
        .name(name)
        .help("h")
        .classicUpperBounds(Workload.BUCKETS);
  }

  private static io.prometheus.metrics.core.metrics.Counter.Builder cjCounter(String name) {
    return io.prometheus.metrics.core.metrics.Counter.builder().name(name).help("h");
  }

  /**
   * Fails the trial if the metric its benchmark updated shows the wrong exemplars: a {@code
   * trace_id} exemplar exactly when the benchmark ran with a sampled span.
   */
  @TearDown(Level.Trial)
  public void checkExemplars(BenchmarkParams params) {
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    boolean prom4j = method.startsWith("prom4j_");
    String family = snakeCase(method.substring(method.indexOf('_') + 1));
    String exposition = prom4j ? prom4jOpenMetrics() : clientJavaOpenMetrics();
    boolean traced = hasTraceExemplar(exposition, family);
    if (traced != family.endsWith("_sampled_span")) {
      throw new IllegalStateException(
          method
              + (traced
                  ? " recorded a trace_id exemplar on "
                  : " recorded no trace_id exemplar on ")
              + family
              + ":\n"
              + exposition);
    }
  }

  /** prom4j's registry in OpenMetrics. */
  String prom4jOpenMetrics() {
    return OpenMetricsFormat.generateLatest(p4);
  }

  /** client_java's registry in OpenMetrics, by its own writer. */
  String clientJavaOpenMetrics() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new OpenMetricsTextFormatWriter(false, false).write(out, cj.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** True if a sample line of {@code family} carries an exemplar with this benchmark's trace id. */
  static boolean hasTraceExemplar(String openMetrics, String family) {
    return Arrays.stream(openMetrics.split("\n"))
        .filter(l -> l.startsWith(family + "_") || l.startsWith(family + "{"))
        .anyMatch(l -> l.contains(" # {") && l.contains("trace_id=\"" + TRACE_ID + "\""));
  }

  private static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Benchmark
  public void prom4j_histogramExemplarsOff(NoSpan noSpan) {
    p4HistogramExemplarsOff.observe(VALUE);
  }

  @Benchmark
  public void clientJava_histogramExemplarsOff(NoSpan noSpan) {
    cjHistogramExemplarsOff.observe(VALUE);
  }

  @Benchmark
  public void prom4j_histogramNoSpan(NoSpan noSpan) {
    p4HistogramNoSpan.observe(VALUE);
  }

  @Benchmark
  public void clientJava_histogramNoSpan(NoSpan noSpan) {
    cjHistogramNoSpan.observe(VALUE);
  }

  @Benchmark
  public void prom4j_histogramSampledSpan(SampledSpan span) {
    p4HistogramSampledSpan.observe(VALUE);
  }

  @Benchmark
  public void clientJava_histogramSampledSpan(SampledSpan span) {
    cjHistogramSampledSpan.observe(VALUE);
  }

  @Benchmark
  public void prom4j_counterExemplarsOff(NoSpan noSpan) {
    p4CounterExemplarsOff.inc();
  }

  @Benchmark
  public void clientJava_counterExemplarsOff(NoSpan noSpan) {
    cjCounterExemplarsOff.inc();
  }

  @Benchmark
  public void prom4j_counterNoSpan(NoSpan noSpan) {
    p4CounterNoSpan.inc();
  }

  @Benchmark
  public void clientJava_counterNoSpan(NoSpan noSpan) {
    cjCounterNoSpan.inc();
  }

  @Benchmark
  public void prom4j_counterSampledSpan(SampledSpan span) {
    p4CounterSampledSpan.inc();
  }

  @Benchmark
  public void clientJava_counterSampledSpan(SampledSpan span) {
    cjCounterSampledSpan.inc();
  }
}
