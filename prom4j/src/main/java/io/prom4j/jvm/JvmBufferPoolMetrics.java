package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.DataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Direct and mapped buffer pools, named as in the official Java client's {@code
 * JvmBufferPoolMetrics}.
 *
 * <table>
 * <caption>Metrics (all gauges, label {@code pool}: {@code direct}, {@code mapped}, ...)</caption>
 * <tr><th>Family</th><th>Unit</th></tr>
 * <tr><td>{@code jvm_buffer_pool_used_bytes}</td><td>bytes</td></tr>
 * <tr><td>{@code jvm_buffer_pool_capacity_bytes}</td><td>bytes</td></tr>
 * <tr><td>{@code jvm_buffer_pool_used_buffers}</td><td></td></tr>
 * </table>
 */
public final class JvmBufferPoolMetrics implements Collector {
  private final BufferPoolMXBean[] pools;
  private final Labels[] labels;

  /** Buffer pool metrics of this JVM. */
  public JvmBufferPoolMetrics() {
    this(ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class));
  }

  JvmBufferPoolMetrics(List<BufferPoolMXBean> pools) {
    this.pools = pools.toArray(new BufferPoolMXBean[0]);
    String[] names = new String[this.pools.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = this.pools[i].getName();
    }
    this.labels = Families.labels("pool", names);
  }

  @Override
  public List<MetricFamily> collect() {
    int n = pools.length;
    DataPoint[] used = new DataPoint[n];
    DataPoint[] capacity = new DataPoint[n];
    DataPoint[] count = new DataPoint[n];
    for (int i = 0; i < n; i++) {
      used[i] = GaugeDataPoint.of(labels[i], pools[i].getMemoryUsed());
      capacity[i] = GaugeDataPoint.of(labels[i], pools[i].getTotalCapacity());
      count[i] = GaugeDataPoint.of(labels[i], pools[i].getCount());
    }
    return List.of(
        Families.of(
            "jvm_buffer_pool_used_bytes",
            "Used bytes of a given JVM buffer pool.",
            MetricType.GAUGE,
            "bytes",
            used,
            n),
        Families.of(
            "jvm_buffer_pool_capacity_bytes",
            "Bytes capacity of a given JVM buffer pool.",
            MetricType.GAUGE,
            "bytes",
            capacity,
            n),
        Families.of(
            "jvm_buffer_pool_used_buffers",
            "Used buffers of a given JVM buffer pool.",
            MetricType.GAUGE,
            "",
            count,
            n));
  }
}
