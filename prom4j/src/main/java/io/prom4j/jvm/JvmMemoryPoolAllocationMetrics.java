package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Bytes allocated in each memory pool, named as in the official Java client's {@code
 * JvmMemoryPoolAllocationMetrics}: the counter {@code jvm_memory_pool_allocated_bytes} (sample
 * {@code jvm_memory_pool_allocated_bytes_total}, label {@code pool}).
 *
 * <p>The totals are updated from garbage collection notifications, not continuously: at each
 * collection, a pool's increase is its growth since the previous collection ended plus its growth
 * during this collection (decreases are ignored). A pool appears once it has grown. The collector
 * listens from construction on; {@link #close()} stops it listening.
 *
 * <p>Implementation notes: notifications arrive on the JVM's notification thread and are handled
 * under a lock; the per-pool totals are volatile and read without a lock by {@link #collect()},
 * which sees the pool array as of its last copy-on-write append.
 */
public final class JvmMemoryPoolAllocationMetrics implements Collector, AutoCloseable {
  /** The type of the JDK's garbage collection notifications. */
  static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::handleNotification;
  private final Object lock = new Object();
  private final Map<String, Pool> byName = new HashMap<>(); // guarded by lock
  private volatile Pool[] pools = new Pool[0]; // appended to under lock

  /** Allocation metrics of this JVM, counted from its next garbage collection on. */
  public JvmMemoryPoolAllocationMetrics() {
    this(ManagementFactory.getGarbageCollectorMXBeans());
  }

  JvmMemoryPoolAllocationMetrics(List<? extends GarbageCollectorMXBean> collectors) {
    for (GarbageCollectorMXBean gc : collectors) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  @Override
  public List<MetricFamily> collect() {
    Pool[] current = pools;
    DataPoint[] points = new DataPoint[current.length];
    int n = 0;
    for (Pool p : current) {
      long total = p.total;
      if (total > 0) {
        points[n++] = CounterDataPoint.of(p.labels, total);
      }
    }
    return List.of(
        Families.of(
            "jvm_memory_pool_allocated_bytes_total",
            "Total bytes allocated in a given JVM memory pool. Only updated after GC, not"
                + " continuously.",
            MetricType.COUNTER,
            "",
            points,
            n));
  }

  /** Stops listening for garbage collections; the totals stay as they are. */
  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // Already removed.
      }
    }
  }

  /**
   * Reads the pools' usage before and after the collection from the notification's open data
   * ({@code GarbageCollectionNotificationInfo} in {@code jdk.management}, which prom4j does not
   * require): {@code gcInfo.memoryUsageBeforeGc/AfterGc} are tables of (key, value) rows.
   */
  private void handleNotification(Notification notification, Object handback) {
    if (!GC_NOTIFICATION.equals(notification.getType())
        || !(notification.getUserData() instanceof CompositeData data)) {
      return;
    }
    try {
      CompositeData gcInfo = (CompositeData) data.get("gcInfo");
      TabularData before = (TabularData) gcInfo.get("memoryUsageBeforeGc");
      TabularData after = (TabularData) gcInfo.get("memoryUsageAfterGc");
      for (Object row : before.values()) {
        CompositeData beforeRow = (CompositeData) row;
        String pool = (String) beforeRow.get("key");
        CompositeData afterRow = after.get(new Object[] {pool});
        if (afterRow != null) {
          handle(pool, used(beforeRow), used(afterRow));
        }
      }
    } catch (RuntimeException e) {
      // Not the JDK's documented shape: ignore this notification rather than fail the JVM's
      // notification thread.
    }
  }

  private static long used(CompositeData row) {
    return (Long) ((CompositeData) row.get("value")).get("used");
  }

  /**
   * Counts one collection's effect on a pool: growth since the last collection ended ({@code before
   * - last after}) plus growth during this one ({@code after - before}), each only if positive.
   */
  void handle(String poolName, long before, long after) {
    synchronized (lock) {
      Pool pool = byName.get(poolName);
      if (pool == null) {
        pool = new Pool(poolName);
        byName.put(poolName, pool);
        Pool[] grown = Arrays.copyOf(pools, pools.length + 1);
        grown[grown.length - 1] = pool;
        Arrays.sort(grown, Comparator.comparing((Pool p) -> p.name)); // stable output order
        pools = grown;
      }
      long increase = Math.max(0, before - pool.lastAfter) + Math.max(0, after - before);
      pool.lastAfter = after;
      if (increase > 0) {
        pool.total += increase; // single writer (under lock), volatile for readers
      }
    }
  }

  private static final class Pool {
    final String name;
    final Labels labels;
    long lastAfter; // guarded by lock
    volatile long total;

    Pool(String name) {
      this.name = name;
      this.labels = Labels.of("pool", name);
    }
  }
}
