package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.MetricFamily;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Time spent in the JIT compiler, named as in the official Java client's {@code
 * JvmCompilationMetrics}: the counter {@code jvm_compilation_time_seconds} (sample {@code
 * jvm_compilation_time_seconds_total}, unit seconds).
 *
 * <p>Produces nothing on a JVM without a JIT compiler or without compilation time monitoring.
 */
public final class JvmCompilationMetrics implements Collector {
  private final CompilationMXBean compilation;

  /** Compilation metrics of this JVM. */
  public JvmCompilationMetrics() {
    this(ManagementFactory.getCompilationMXBean());
  }

  /** {@code compilation} may be null (no JIT compiler). */
  JvmCompilationMetrics(CompilationMXBean compilation) {
    this.compilation =
        compilation != null && compilation.isCompilationTimeMonitoringSupported()
            ? compilation
            : null;
  }

  @Override
  public List<MetricFamily> collect() {
    if (compilation == null) {
      return List.of();
    }
    return List.of(
        Families.counter(
            "jvm_compilation_time_seconds_total",
            "The total time in seconds taken for HotSpot class compilation",
            "seconds",
            compilation.getTotalCompilationTime() / 1000.0));
  }
}
