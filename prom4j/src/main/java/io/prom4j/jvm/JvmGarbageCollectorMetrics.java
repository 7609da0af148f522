package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.SummaryDataPoint;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Time spent in each garbage collector, named as in the official Java client's {@code
 * JvmGarbageCollectorMetrics}: the summary {@code jvm_gc_collection_seconds} (unit seconds, label
 * {@code gc}, samples {@code _count} and {@code _sum}, no quantiles).
 *
 * <p>A collector whose collection count is undefined (-1) is left out.
 */
public final class JvmGarbageCollectorMetrics implements Collector {
  private final GarbageCollectorMXBean[] collectors;
  private final Labels[] labels;

  /** Garbage collector metrics of this JVM. */
  public JvmGarbageCollectorMetrics() {
    this(ManagementFactory.getGarbageCollectorMXBeans());
  }

  JvmGarbageCollectorMetrics(List<GarbageCollectorMXBean> collectors) {
    this.collectors = collectors.toArray(new GarbageCollectorMXBean[0]);
    String[] names = new String[this.collectors.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = this.collectors[i].getName();
    }
    this.labels = Families.labels("gc", names);
  }

  @Override
  public List<MetricFamily> collect() {
    DataPoint[] points = new DataPoint[collectors.length];
    int n = 0;
    for (int i = 0; i < collectors.length; i++) {
      long count = collectors[i].getCollectionCount();
      if (count >= 0) {
        double seconds = Math.max(0, collectors[i].getCollectionTime()) / 1000.0;
        points[n++] = SummaryDataPoint.of(labels[i], count, seconds, List.of(), Double.NaN);
      }
    }
    return List.of(
        Families.of(
            "jvm_gc_collection_seconds",
            "Time spent in a given JVM garbage collector in seconds.",
            MetricType.SUMMARY,
            "seconds",
            points,
            n));
  }
}
