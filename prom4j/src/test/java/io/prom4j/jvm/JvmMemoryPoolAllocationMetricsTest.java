package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

class JvmMemoryPoolAllocationMetricsTest {

  private static final String SAMPLE = "jvm_memory_pool_allocated_bytes_total";

  @Test
  void handle_countsGrowthBetweenAndDuringCollectionsButNotShrinking() {
    try (JvmMemoryPoolAllocationMetrics metrics = new JvmMemoryPoolAllocationMetrics(List.of())) {
      metrics.handle("Eden", 100, 0); // +100 since start
      metrics.handle("Eden", 150, 0); // +150 since the last collection
      metrics.handle("Old", 10, 50); // +10 before, +40 during
      metrics.handle("Old", 40, 45); // shrank between collections: +0, then +5 during
      metrics.handle("Metaspace", 0, 0); // never grew: not shown

      List<MetricFamily> families = metrics.collect();

      MetricFamily f = families.get(0);
      assertThat(f.name()).isEqualTo("jvm_memory_pool_allocated_bytes");
      assertThat(f.type()).isEqualTo(MetricType.COUNTER);
      assertThat(f.unit()).isEmpty();
      assertThat(f.points()).extracting(p -> p.labels().get("pool")).containsExactly("Eden", "Old");
      assertThat(Scrapes.value(families, SAMPLE, "pool", "Eden")).isEqualTo(250.0);
      assertThat(Scrapes.value(families, SAMPLE, "pool", "Old")).isEqualTo(55.0);
    }
  }

  @Test
  void collect_beforeAnyCollection_isAFamilyWithoutPoints() {
    try (JvmMemoryPoolAllocationMetrics metrics = new JvmMemoryPoolAllocationMetrics(List.of())) {
      assertThat(metrics.collect())
          .singleElement()
          .satisfies(f -> assertThat(f.points()).isEmpty());
    }
  }

  @Test
  void notification_gcInfoUsageTables_areCountedPerPool() throws Exception {
    FakeCollector gc = new FakeCollector();
    try (JvmMemoryPoolAllocationMetrics metrics = new JvmMemoryPoolAllocationMetrics(List.of(gc))) {
      gc.collected(Map.of("Eden", 1000L, "Old", 10L), Map.of("Eden", 0L, "Old", 300L));
      gc.collected(Map.of("Eden", 700L, "Old", 300L), Map.of("Eden", 0L, "Old", 310L));

      List<MetricFamily> families = metrics.collect();

      assertThat(Scrapes.value(families, SAMPLE, "pool", "Eden")).isEqualTo(1700.0);
      assertThat(Scrapes.value(families, SAMPLE, "pool", "Old")).isEqualTo(310.0);
    }
  }

  @Test
  void notification_otherTypeOrMalformedData_isIgnoredWithoutThrowing() throws Exception {
    FakeCollector gc = new FakeCollector();
    try (JvmMemoryPoolAllocationMetrics metrics = new JvmMemoryPoolAllocationMetrics(List.of(gc))) {
      assertThatCode(
              () -> {
                gc.send(
                    "jmx.attribute.change", gc.userData(Map.of("Eden", 5L), Map.of("Eden", 0L)));
                gc.send(JvmMemoryPoolAllocationMetrics.GC_NOTIFICATION, "not composite data");
                gc.send(JvmMemoryPoolAllocationMetrics.GC_NOTIFICATION, null);
              })
          .doesNotThrowAnyException();

      assertThat(metrics.collect().get(0).points()).isEmpty();
    }
  }

  @Test
  void close_stopsCounting() throws Exception {
    FakeCollector gc = new FakeCollector();
    JvmMemoryPoolAllocationMetrics metrics = new JvmMemoryPoolAllocationMetrics(List.of(gc));
    gc.collected(Map.of("Eden", 1000L), Map.of("Eden", 0L));

    metrics.close();
    gc.collected(Map.of("Eden", 2000L), Map.of("Eden", 0L));

    assertThat(Scrapes.value(metrics, SAMPLE, "pool", "Eden")).isEqualTo(1000.0);
  }

  @Test
  void realCollections_countAllocationsInTheJvmsPools() {
    TreeSet<String> pools = new TreeSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pools.add(pool.getName());
    }
    try (JvmMemoryPoolAllocationMetrics metrics = new JvmMemoryPoolAllocationMetrics()) {
      List<byte[]> garbage = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        garbage.add(new byte[64 << 10]);
      }
      garbage.clear();
      System.gc(); // one collection; its notification arrives on another thread, so poll
      Scrapes.await(
          "the collection is counted", () -> !metrics.collect().get(0).points().isEmpty());

      MetricFamily f = metrics.collect().get(0);
      assertThat(Scrapes.labelValues(f, "pool")).isSubsetOf(pools);
      assertThat(f.samples()).allSatisfy(s -> assertThat(s.value()).isPositive());
    }
  }

  /** A garbage collector bean that sends the JDK's GC notifications on demand. */
  static final class FakeCollector extends NotificationBroadcasterSupport
      implements GarbageCollectorMXBean {
    private static final CompositeType USAGE;
    private static final TabularType TABLE;
    private static final CompositeType GC_INFO;
    private static final CompositeType INFO;

    static {
      try {
        USAGE =
            new CompositeType(
                "java.lang.management.MemoryUsage",
                "usage",
                new String[] {"init", "used", "committed", "max"},
                new String[] {"init", "used", "committed", "max"},
                new OpenType<?>[] {
                  SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG
                });
        CompositeType row =
            new CompositeType(
                "row",
                "row",
                new String[] {"key", "value"},
                new String[] {"key", "value"},
                new OpenType<?>[] {SimpleType.STRING, USAGE});
        TABLE = new TabularType("usages", "usages", row, new String[] {"key"});
        GC_INFO =
            new CompositeType(
                "GcInfo",
                "gc info",
                new String[] {"id", "memoryUsageBeforeGc", "memoryUsageAfterGc"},
                new String[] {"id", "before", "after"},
                new OpenType<?>[] {SimpleType.LONG, TABLE, TABLE});
        INFO =
            new CompositeType(
                "GarbageCollectionNotificationInfo",
                "notification",
                new String[] {"gcName", "gcAction", "gcCause", "gcInfo"},
                new String[] {"name", "action", "cause", "info"},
                new OpenType<?>[] {
                  SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, GC_INFO
                });
      } catch (OpenDataException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private long sequence;

    void collected(Map<String, Long> before, Map<String, Long> after) throws OpenDataException {
      send(JvmMemoryPoolAllocationMetrics.GC_NOTIFICATION, userData(before, after));
    }

    void send(String type, Object userData) {
      Notification n = new Notification(type, this, ++sequence);
      n.setUserData(userData);
      sendNotification(n);
    }

    CompositeData userData(Map<String, Long> before, Map<String, Long> after)
        throws OpenDataException {
      CompositeData info =
          new CompositeDataSupport(
              GC_INFO,
              new String[] {"id", "memoryUsageBeforeGc", "memoryUsageAfterGc"},
              new Object[] {sequence, table(before), table(after)});
      return new CompositeDataSupport(
          INFO,
          new String[] {"gcName", "gcAction", "gcCause", "gcInfo"},
          new Object[] {"Fake", "end of minor GC", "Allocation Failure", info});
    }

    private static TabularDataSupport table(Map<String, Long> used) throws OpenDataException {
      TabularDataSupport t = new TabularDataSupport(TABLE);
      for (Map.Entry<String, Long> e : used.entrySet()) {
        CompositeData usage =
            new CompositeDataSupport(
                USAGE,
                new String[] {"init", "used", "committed", "max"},
                new Object[] {0L, e.getValue(), e.getValue(), -1L});
        t.put(
            new CompositeDataSupport(
                TABLE.getRowType(),
                new String[] {"key", "value"},
                new Object[] {e.getKey(), usage}));
      }
      return t;
    }

    @Override
    public long getCollectionCount() {
      return sequence;
    }

    @Override
    public long getCollectionTime() {
      return 0;
    }

    @Override
    public String[] getMemoryPoolNames() {
      return new String[0];
    }

    @Override
    public String getName() {
      return "Fake";
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public ObjectName getObjectName() {
      return null;
    }
  }
}
