package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmClassLoadingMetricsTest {

  private final JvmClassLoadingMetrics metrics = new JvmClassLoadingMetrics();

  /** Loaded anew, by a class loader of its own, in the test below. */
  static final class Marker {}

  @Test
  void collect_counts_arePositiveAndConsistent() {
    List<MetricFamily> families = metrics.collect();

    assertThat(families)
        .extracting(MetricFamily::type)
        .containsExactly(MetricType.GAUGE, MetricType.COUNTER, MetricType.COUNTER);
    double current = Scrapes.value(families, "jvm_classes_currently_loaded");
    double total = Scrapes.value(families, "jvm_classes_loaded_total");
    double unloaded = Scrapes.value(families, "jvm_classes_unloaded_total");
    assertThat(current).isPositive();
    assertThat(unloaded).isGreaterThanOrEqualTo(0);
    assertThat(total).isGreaterThanOrEqualTo(current);
  }

  @Test
  void collect_afterLoadingAClass_loadedTotalGrows() throws Exception {
    URL testClasses = Marker.class.getProtectionDomain().getCodeSource().getLocation();
    double before = Scrapes.value(metrics, "jvm_classes_loaded_total");

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {testClasses}, ClassLoader.getPlatformClassLoader())) {
      Class<?> fresh = Class.forName(Marker.class.getName(), false, loader);
      assertThat(fresh).isNotSameAs(Marker.class);

      assertThat(Scrapes.value(metrics, "jvm_classes_loaded_total")).isGreaterThan(before);
    }
  }
}
