package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.MetricFamily;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JvmMemoryMetricsTest {

  private final JvmMemoryMetrics metrics = new JvmMemoryMetrics();

  @Test
  void collect_areas_areHeapAndNonheapWithTheJdksFigures() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<MetricFamily> families = metrics.collect();

    for (String name :
        List.of(
            "jvm_memory_used_bytes",
            "jvm_memory_committed_bytes",
            "jvm_memory_max_bytes",
            "jvm_memory_init_bytes")) {
      assertThat(Scrapes.labelValues(Scrapes.family(families, name), "area"))
          .containsExactly("heap", "nonheap");
    }
    assertThat(Scrapes.value(families, "jvm_memory_max_bytes", "area", "heap"))
        .isEqualTo((double) memory.getHeapMemoryUsage().getMax());
    assertThat(Scrapes.value(families, "jvm_memory_init_bytes", "area", "nonheap"))
        .isEqualTo((double) memory.getNonHeapMemoryUsage().getInit());
    assertThat(Scrapes.value(families, "jvm_memory_used_bytes", "area", "nonheap")).isPositive();
    assertThat(Scrapes.value(families, "jvm_memory_objects_pending_finalization"))
        .isGreaterThanOrEqualTo(0);
  }

  @Test
  void collect_pools_areTheJdksPoolsAndCollectionUsageOnlyWhereReported() {
    TreeSet<String> all = new TreeSet<>();
    TreeSet<String> collected = new TreeSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      all.add(pool.getName());
      if (pool.getCollectionUsage() != null) {
        collected.add(pool.getName());
      }
    }
    List<MetricFamily> families = metrics.collect();

    for (String name :
        List.of(
            "jvm_memory_pool_used_bytes",
            "jvm_memory_pool_committed_bytes",
            "jvm_memory_pool_max_bytes",
            "jvm_memory_pool_init_bytes")) {
      assertThat(Scrapes.labelValues(Scrapes.family(families, name), "pool")).isEqualTo(all);
    }
    for (String name :
        List.of(
            "jvm_memory_pool_collection_used_bytes",
            "jvm_memory_pool_collection_committed_bytes",
            "jvm_memory_pool_collection_max_bytes",
            "jvm_memory_pool_collection_init_bytes")) {
      assertThat(Scrapes.labelValues(Scrapes.family(families, name), "pool")).isEqualTo(collected);
    }
    assertThat(collected).isNotEmpty().isSubsetOf(all);
  }

  @Test
  void collect_afterAllocatingReachableMegabytes_heapUsedGrows() {
    // The baseline must not hold other tests' garbage: a collection during this test would
    // remove it and could pull heap used below a baseline the kept bytes never pass.
    System.gc();
    double before = Scrapes.value(metrics, "jvm_memory_used_bytes", "area", "heap");
    List<byte[]> kept = new ArrayList<>();

    // Allocate 1 MiB at a time, kept reachable, until the heap figure moves past the baseline
    // by 4 MiB.
    Scrapes.await(
        "heap used grows by 4 MiB",
        () -> {
          if (kept.size() < 64) {
            kept.add(new byte[1 << 20]);
          }
          return Scrapes.value(metrics, "jvm_memory_used_bytes", "area", "heap")
              > before + (4 << 20);
        });

    assertThat(Scrapes.value(metrics, "jvm_memory_used_bytes", "area", "heap"))
        .isGreaterThan(before + (4 << 20));
    Reference.reachabilityFence(kept); // reachable until after the assertion
  }
}
