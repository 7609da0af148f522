package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.SummaryDataPoint;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JvmGarbageCollectorMetricsTest {

  private final JvmGarbageCollectorMetrics metrics = new JvmGarbageCollectorMetrics();

  @Test
  void collect_summaryPerCollector_withoutQuantiles() {
    TreeSet<String> names = new TreeSet<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(gc.getName());
    }
    List<MetricFamily> families = metrics.collect();
    MetricFamily f = Scrapes.family(families, "jvm_gc_collection_seconds");

    assertThat(families).hasSize(1);
    assertThat(f.type()).isEqualTo(MetricType.SUMMARY);
    assertThat(f.unit()).isEqualTo("seconds");
    assertThat(Scrapes.labelValues(f, "gc")).isEqualTo(names);
    assertThat(f.points())
        .allSatisfy(p -> assertThat(((SummaryDataPoint) p).quantiles()).isEmpty());
  }

  @Test
  void collect_afterSystemGc_someCollectorsCountGrows() {
    List<MetricFamily> before = metrics.collect();

    Scrapes.await(
        "a collection is counted",
        () -> {
          System.gc();
          for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String sample = "jvm_gc_collection_seconds_count";
            if (Scrapes.value(metrics, sample, "gc", gc.getName())
                > Scrapes.value(before, sample, "gc", gc.getName())) {
              return true;
            }
          }
          return false;
        });
  }

  @Test
  void collect_timeInMilliseconds_isReportedInSeconds() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      long millisBefore = gc.getCollectionTime();
      double seconds = Scrapes.value(metrics, "jvm_gc_collection_seconds_sum", "gc", gc.getName());
      long millisAfter = gc.getCollectionTime();

      assertThat(seconds).isBetween(millisBefore / 1000.0, millisAfter / 1000.0);
    }
  }
}
