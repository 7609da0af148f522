package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.DataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Memory areas (heap, non-heap) and memory pools of the JVM, named as in the official Java client's
 * {@code JvmMemoryMetrics}.
 *
 * <table>
 * <caption>Metrics (all gauges)</caption>
 * <tr><th>Family</th><th>Unit</th><th>Labels</th></tr>
 * <tr><td>{@code jvm_memory_objects_pending_finalization}</td><td></td><td></td></tr>
 * <tr><td>{@code jvm_memory_used_bytes}, {@code _committed_bytes}, {@code _max_bytes},
 *     {@code _init_bytes}</td><td>bytes</td><td>{@code area} = {@code heap} | {@code nonheap}</td>
 * </tr>
 * <tr><td>{@code jvm_memory_pool_used_bytes}, {@code _committed_bytes}, {@code _max_bytes},
 *     {@code _init_bytes}</td><td>bytes</td><td>{@code pool}</td></tr>
 * <tr><td>{@code jvm_memory_pool_collection_used_bytes}, {@code _committed_bytes},
 *     {@code _max_bytes}, {@code _init_bytes}</td><td>bytes</td>
 *     <td>{@code pool} (only pools that report usage after collection)</td></tr>
 * </table>
 *
 * <p>Maximum and initial sizes are -1 where the JVM leaves them undefined, as the JDK reports them.
 */
public final class JvmMemoryMetrics implements Collector {
  private static final Labels HEAP = Labels.of("area", "heap");
  private static final Labels NONHEAP = Labels.of("area", "nonheap");

  private final MemoryMXBean memory;
  private final MemoryPoolMXBean[] pools;
  private final Labels[] poolLabels;

  /** Memory metrics of this JVM. */
  public JvmMemoryMetrics() {
    this(ManagementFactory.getMemoryMXBean(), ManagementFactory.getMemoryPoolMXBeans());
  }

  JvmMemoryMetrics(MemoryMXBean memory, List<MemoryPoolMXBean> pools) {
    this.memory = memory;
    this.pools = pools.toArray(new MemoryPoolMXBean[0]);
    String[] names = new String[this.pools.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = this.pools[i].getName();
    }
    this.poolLabels = Families.labels("pool", names);
  }

  @Override
  public List<MetricFamily> collect() {
    List<MetricFamily> out = new ArrayList<>(13);
    out.add(
        Families.gauge(
            "jvm_memory_objects_pending_finalization",
            "The number of objects waiting in the finalizer queue.",
            "",
            memory.getObjectPendingFinalizationCount()));
    // One read of each area serves all four families (and keeps them consistent).
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    out.add(
        area(
            "jvm_memory_used_bytes",
            "Used bytes of a given JVM memory area.",
            heap.getUsed(),
            nonHeap.getUsed()));
    out.add(
        area(
            "jvm_memory_committed_bytes",
            "Committed (bytes) of a given JVM memory area.",
            heap.getCommitted(),
            nonHeap.getCommitted()));
    out.add(
        area(
            "jvm_memory_max_bytes",
            "Max (bytes) of a given JVM memory area.",
            heap.getMax(),
            nonHeap.getMax()));
    out.add(
        area(
            "jvm_memory_init_bytes",
            "Initial bytes of a given JVM memory area.",
            heap.getInit(),
            nonHeap.getInit()));

    MemoryUsage[] usage = new MemoryUsage[pools.length];
    MemoryUsage[] afterGc = new MemoryUsage[pools.length];
    for (int i = 0; i < pools.length; i++) {
      usage[i] = pools[i].getUsage();
      afterGc[i] = pools[i].getCollectionUsage();
    }
    DataPoint[] points = new DataPoint[pools.length];
    out.add(
        pool(
            "jvm_memory_pool_used_bytes",
            "Used bytes of a given JVM memory pool.",
            usage,
            MemoryUsage::getUsed,
            points));
    out.add(
        pool(
            "jvm_memory_pool_committed_bytes",
            "Committed bytes of a given JVM memory pool.",
            usage,
            MemoryUsage::getCommitted,
            points));
    out.add(
        pool(
            "jvm_memory_pool_max_bytes",
            "Max bytes of a given JVM memory pool.",
            usage,
            MemoryUsage::getMax,
            points));
    out.add(
        pool(
            "jvm_memory_pool_init_bytes",
            "Initial bytes of a given JVM memory pool.",
            usage,
            MemoryUsage::getInit,
            points));
    out.add(
        pool(
            "jvm_memory_pool_collection_used_bytes",
            "Used bytes after last collection of a given JVM memory pool.",
            afterGc,
            MemoryUsage::getUsed,
            points));
    out.add(
        pool(
            "jvm_memory_pool_collection_committed_bytes",
            "Committed after last collection bytes of a given JVM memory pool.",
            afterGc,
            MemoryUsage::getCommitted,
            points));
    out.add(
        pool(
            "jvm_memory_pool_collection_max_bytes",
            "Max bytes after last collection of a given JVM memory pool.",
            afterGc,
            MemoryUsage::getMax,
            points));
    out.add(
        pool(
            "jvm_memory_pool_collection_init_bytes",
            "Initial after last collection bytes of a given JVM memory pool.",
            afterGc,
            MemoryUsage::getInit,
            points));
    return out;
  }

  private static MetricFamily area(String name, String help, double heap, double nonHeap) {
    return new MetricFamily(
        name,
        help,
        MetricType.GAUGE,
        "bytes",
        List.of(GaugeDataPoint.of(HEAP, heap), GaugeDataPoint.of(NONHEAP, nonHeap)));
  }

  /** One point per pool that reported a usage; {@code scratch} is reused between families. */
  private MetricFamily pool(
      String name,
      String help,
      MemoryUsage[] usage,
      ToLongFunction<MemoryUsage> value,
      DataPoint[] scratch) {
    int n = 0;
    for (int i = 0; i < usage.length; i++) {
      if (usage[i] != null) {
        scratch[n++] = GaugeDataPoint.of(poolLabels[i], value.applyAsLong(usage[i]));
      }
    }
    return Families.of(name, help, MetricType.GAUGE, "bytes", scratch, n);
  }
}
