package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.MetricFamily;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Class loading, named as in the official Java client's {@code JvmClassLoadingMetrics}.
 *
 * <table>
 * <caption>Metrics</caption>
 * <tr><th>Family</th><th>Type</th></tr>
 * <tr><td>{@code jvm_classes_currently_loaded}</td><td>gauge</td></tr>
 * <tr><td>{@code jvm_classes_loaded} (sample {@code jvm_classes_loaded_total})</td>
 *     <td>counter</td></tr>
 * <tr><td>{@code jvm_classes_unloaded} (sample {@code jvm_classes_unloaded_total})</td>
 *     <td>counter</td></tr>
 * </table>
 */
public final class JvmClassLoadingMetrics implements Collector {
  private final ClassLoadingMXBean classLoading;

  /** Class loading metrics of this JVM. */
  public JvmClassLoadingMetrics() {
    this(ManagementFactory.getClassLoadingMXBean());
  }

  JvmClassLoadingMetrics(ClassLoadingMXBean classLoading) {
    this.classLoading = classLoading;
  }

  @Override
  public List<MetricFamily> collect() {
    return List.of(
        Families.gauge(
            "jvm_classes_currently_loaded",
            "The number of classes that are currently loaded in the JVM",
            "",
            classLoading.getLoadedClassCount()),
        Families.counter(
            "jvm_classes_loaded_total",
            "The total number of classes that have been loaded since the JVM has started"
                + " execution",
            "",
            classLoading.getTotalLoadedClassCount()),
        Families.counter(
            "jvm_classes_unloaded_total",
            "The total number of classes that have been unloaded since the JVM has started"
                + " execution",
            "",
            classLoading.getUnloadedClassCount()));
  }
}
