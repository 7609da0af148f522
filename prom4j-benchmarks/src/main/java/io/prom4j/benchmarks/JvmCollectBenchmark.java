package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.jvm.JvmMetrics;
import io.prom4j.model.MetricFamily;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One collection of every default JVM and process metric: prom4j's {@code JvmMetrics} against
 * client_java's {@code JvmMetrics} (which also registers its process metrics). Run with {@code
 * -prof gc} for the bytes allocated per collection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JvmCollectBenchmark {

  private CollectorRegistry prom4j;
  private PrometheusRegistry clientJava;

  @Setup
  public void setUp() {
    prom4j = new CollectorRegistry();
    JvmMetrics.register(prom4j);
    clientJava = new PrometheusRegistry();
    io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().register(clientJava);
  }

  @Benchmark
  public List<MetricFamily> prom4j() {
    return prom4j.collect();
  }

  @Benchmark
  public MetricSnapshots clientJava() {
    return clientJava.scrape();
  }
}
