package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.Histogram;
import io.prom4j.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Metric updates on a metric shared by all benchmark threads, prom4j against client_java: each
 * method pair ({@code prom4j_x}, {@code clientJava_x}) does the same work. This class runs them on
 * one thread; {@link UpdateBenchmark2Threads} runs the same methods on two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class UpdateBenchmark {

  private Counter p4Counter;
  private Counter.Child p4CounterChild;
  private Counter p4LabelledCounter;
  private Gauge p4Gauge;
  private Histogram p4Histogram;
  private Histogram p4NativeHistogram;
  private Summary p4Summary;

  private io.prometheus.metrics.core.metrics.Counter cjCounter;
  private io.prometheus.metrics.core.datapoints.CounterDataPoint cjCounterChild;
  private io.prometheus.metrics.core.metrics.Counter cjLabelledCounter;
  private io.prometheus.metrics.core.metrics.Gauge cjGauge;
  private io.prometheus.metrics.core.metrics.Histogram cjHistogram;
  private io.prometheus.metrics.core.metrics.Histogram cjNativeHistogram;
  private io.prometheus.metrics.core.metrics.Summary cjSummary;

  @Setup
  public void setUp() {
    CollectorRegistry p4 = new CollectorRegistry();
    p4Counter = Counter.builder().name("plain").help("h").register(p4);
    p4LabelledCounter =
        Counter.builder().name("labelled").help("h").labelNames("method", "code").register(p4);
    p4CounterChild = p4LabelledCounter.labels("GET", "200");
    p4Gauge = Gauge.builder().name("gauge").help("h").register(p4);
    p4Histogram =
        Histogram.builder()
            .name("histogram")
            .help("h")
            .buckets(Workload.BUCKETS)
            .classicOnly()
            .register(p4);
    // both libraries' default: classic buckets plus a native histogram of schema 5
    p4NativeHistogram =
        Histogram.builder().name("hybrid").help("h").buckets(Workload.BUCKETS).register(p4);
    p4Summary = Summary.builder().name("summary").help("h").register(p4);

    PrometheusRegistry cj = new PrometheusRegistry();
    cjCounter =
        io.prometheus.metrics.core.metrics.Counter.builder().name("plain").help("h").register(cj);
    cjLabelledCounter =
        io.prometheus.metrics.core.metrics.Counter.builder()
            .name("labelled")
            .help("h")
            .labelNames("method", "code")
            .register(cj);
    cjCounterChild = cjLabelledCounter.labelValues("GET", "200");
    cjGauge =
        io.prometheus.metrics.core.metrics.Gauge.builder().name("gauge").help("h").register(cj);
    cjHistogram =
        io.prometheus.metrics.core.metrics.Histogram.builder()
            .name("histogram")
            .help("h")
            .classicOnly()
            .classicUpperBounds(Workload.BUCKETS)
            .register(cj);
    cjNativeHistogram =
        io.prometheus.metrics.core.metrics.Histogram.builder()
            .name("hybrid")
            .help("h")
            .classicUpperBounds(Workload.BUCKETS)
            .register(cj);
    cjSummary =
        io.prometheus.metrics.core.metrics.Summary.builder().name("summary").help("h").register(cj);
  }

  @Benchmark
  public void prom4j_counterInc() {
    p4Counter.inc();
  }

  @Benchmark
  public void clientJava_counterInc() {
    cjCounter.inc();
  }

  @Benchmark
  public void prom4j_counterIncCachedChild() {
    p4CounterChild.inc();
  }

  @Benchmark
  public void clientJava_counterIncCachedChild() {
    cjCounterChild.inc();
  }

  @Benchmark
  public void prom4j_counterIncLabelsLookup() {
    p4LabelledCounter.labels("GET", "200").inc();
  }

  @Benchmark
  public void clientJava_counterIncLabelsLookup() {
    cjLabelledCounter.labelValues("GET", "200").inc();
  }

  @Benchmark
  public void prom4j_gaugeSet() {
    p4Gauge.set(42.5);
  }

  @Benchmark
  public void clientJava_gaugeSet() {
    cjGauge.set(42.5);
  }

  @Benchmark
  public void prom4j_histogramObserve() {
    p4Histogram.observe(0.042);
  }

  @Benchmark
  public void clientJava_histogramObserve() {
    cjHistogram.observe(0.042);
  }

  @Benchmark
  public void prom4j_nativeHistogramObserve() {
    p4NativeHistogram.observe(0.042);
  }

  @Benchmark
  public void clientJava_nativeHistogramObserve() {
    cjNativeHistogram.observe(0.042);
  }

  @Benchmark
  public void prom4j_summaryObserve() {
    p4Summary.observe(512);
  }

  @Benchmark
  public void clientJava_summaryObserve() {
    cjSummary.observe(512);
  }
}
