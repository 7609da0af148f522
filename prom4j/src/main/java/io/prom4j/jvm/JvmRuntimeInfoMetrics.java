package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.InfoDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.List;

/**
 * The JVM's identity as an info metric, named as in the official Java client's {@code
 * JvmRuntimeInfoMetric}: {@code jvm_runtime_info{runtime, vendor, version} 1}, from the system
 * properties {@code java.runtime.name}, {@code java.vm.vendor} and {@code java.runtime.version}
 * (read once, {@code unknown} if unset).
 */
public final class JvmRuntimeInfoMetrics implements Collector {
  private final List<MetricFamily> families;

  /** Runtime info of this JVM. */
  public JvmRuntimeInfoMetrics() {
    this(
        System.getProperty("java.runtime.version", "unknown"),
        System.getProperty("java.vm.vendor", "unknown"),
        System.getProperty("java.runtime.name", "unknown"));
  }

  JvmRuntimeInfoMetrics(String version, String vendor, String runtime) {
    // Constant for the life of the JVM: built once, returned by every scrape.
    this.families =
        List.of(
            new MetricFamily(
                "jvm_runtime_info",
                "JVM runtime info",
                MetricType.INFO,
                "",
                List.of(
                    InfoDataPoint.of(
                        Labels.of("runtime", runtime, "vendor", vendor, "version", version)))));
  }

  @Override
  public List<MetricFamily> collect() {
    return families;
  }
}
