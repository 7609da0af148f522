package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.Collector;
import io.prom4j.CollectorRegistry;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

  /** The documented families: name, type, unit, label names (as in client_java 1.x). */
  private static final String[][] EXPECTED = {
    {"jvm_threads_current", "GAUGE", "", ""},
    {"jvm_threads_daemon", "GAUGE", "", ""},
    {"jvm_threads_peak", "GAUGE", "", ""},
    {"jvm_threads_started", "COUNTER", "", ""},
    {"jvm_threads_deadlocked", "GAUGE", "", ""},
    {"jvm_threads_deadlocked_monitor", "GAUGE", "", ""},
    {"jvm_threads_state", "GAUGE", "", "state"},
    {"jvm_buffer_pool_used_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_buffer_pool_capacity_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_buffer_pool_used_buffers", "GAUGE", "", "pool"},
    {"jvm_classes_currently_loaded", "GAUGE", "", ""},
    {"jvm_classes_loaded", "COUNTER", "", ""},
    {"jvm_classes_unloaded", "COUNTER", "", ""},
    {"jvm_compilation_time_seconds", "COUNTER", "seconds", ""},
    {"jvm_gc_collection_seconds", "SUMMARY", "seconds", "gc"},
    {"jvm_memory_pool_allocated_bytes", "COUNTER", "", "pool"},
    {"jvm_memory_objects_pending_finalization", "GAUGE", "", ""},
    {"jvm_memory_used_bytes", "GAUGE", "bytes", "area"},
    {"jvm_memory_committed_bytes", "GAUGE", "bytes", "area"},
    {"jvm_memory_max_bytes", "GAUGE", "bytes", "area"},
    {"jvm_memory_init_bytes", "GAUGE", "bytes", "area"},
    {"jvm_memory_pool_used_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_memory_pool_committed_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_memory_pool_max_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_memory_pool_init_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_memory_pool_collection_used_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_memory_pool_collection_committed_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_memory_pool_collection_max_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_memory_pool_collection_init_bytes", "GAUGE", "bytes", "pool"},
    {"jvm_runtime", "INFO", "", "runtime,vendor,version"},
    {"process_virtual_memory_bytes", "GAUGE", "bytes", ""},
    {"process_resident_memory_bytes", "GAUGE", "bytes", ""},
    {"process_start_time_seconds", "GAUGE", "seconds", ""},
    {"process_cpu_seconds", "COUNTER", "seconds", ""},
    {"process_open_fds", "GAUGE", "", ""},
    {"process_max_fds", "GAUGE", "", ""},
  };

  private static boolean linux() {
    return Files.isDirectory(Path.of("/proc/self"));
  }

  @Test
  void register_newRegistry_producesExactlyTheDocumentedFamiliesWithTheirTypesUnitsAndLabels() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.register(registry);
    List<MetricFamily> families = registry.collect();

    Map<String, String[]> expected = new LinkedHashMap<>();
    for (String[] e : EXPECTED) {
      boolean linuxOnly = e[0].startsWith("process_") && e[0].endsWith("_memory_bytes");
      if (!linuxOnly || linux()) {
        expected.put(e[0], e);
      }
    }
    if (!linux()) {
      // Off Linux the descriptor counts need a Unix JDK bean; the rest is always there.
      expected
          .keySet()
          .removeIf(
              n -> n.endsWith("_fds") && families.stream().noneMatch(f -> f.name().equals(n)));
    }
    List<String> names = new ArrayList<>();
    families.forEach(f -> names.add(f.name()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected.keySet());

    for (MetricFamily f : families) {
      String[] e = expected.get(f.name());
      assertThat(f.type()).as(f.name()).isEqualTo(MetricType.valueOf(e[1]));
      assertThat(f.unit()).as(f.name()).isEqualTo(e[2]);
      assertThat(f.help()).as(f.name()).isNotEmpty();
      TreeSet<String> labels = new TreeSet<>(e[3].isEmpty() ? List.of() : List.of(e[3].split(",")));
      if (!f.points().isEmpty()) {
        assertThat(Scrapes.labelNames(f)).as(f.name()).isEqualTo(labels);
      } else {
        assertThat(f.name()).isEqualTo("jvm_memory_pool_allocated_bytes"); // until the next GC
      }
    }
  }

  @Test
  void register_newRegistry_sampleNamesFollowTheOfficialClient() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.register(registry);
    List<MetricFamily> families = registry.collect();

    assertThat(Scrapes.value(families, "jvm_threads_started_total")).isPositive();
    assertThat(Scrapes.value(families, "jvm_classes_loaded_total")).isPositive();
    assertThat(Scrapes.value(families, "jvm_classes_unloaded_total")).isNotNull();
    assertThat(Scrapes.value(families, "jvm_compilation_time_seconds_total")).isNotNull();
    assertThat(Scrapes.value(families, "process_cpu_seconds_total")).isPositive();
    String gc =
        Scrapes.labelValues(Scrapes.family(families, "jvm_gc_collection_seconds"), "gc").first();
    assertThat(Scrapes.value(families, "jvm_gc_collection_seconds_count", "gc", gc)).isNotNull();
    assertThat(Scrapes.value(families, "jvm_gc_collection_seconds_sum", "gc", gc)).isNotNull();
    assertThat(
            Scrapes.value(
                families,
                "jvm_runtime_info",
                "runtime",
                System.getProperty("java.runtime.name"),
                "vendor",
                System.getProperty("java.vm.vendor"),
                "version",
                System.getProperty("java.runtime.version")))
        .isEqualTo(1.0);
  }

  @Test
  void register_newRegistry_familyNamesAndSampleNamesAreUnique() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.register(registry);

    Set<String> seen = new HashSet<>();
    for (MetricFamily f : registry.collect()) {
      for (String sample : f.sampleNames()) {
        assertThat(seen.add(sample)).as("clash on " + sample).isTrue();
      }
    }
  }

  @Test
  void newRegistry_hasNoDefaultCollectors() {
    assertThat(new CollectorRegistry().collect()).isEmpty();
  }

  @Test
  void defaultRegistry_containsEveryDefaultCollectorsFamilies() {
    List<String> names = familyNames(CollectorRegistry.defaultRegistry().collect());

    assertThat(JvmMetrics.defaults()).hasSize(9);
    for (Collector c : JvmMetrics.defaults()) {
      assertThat(names).containsAll(familyNames(c.collect()));
    }
    assertThat(names)
        .contains(
            "jvm_threads_current",
            "jvm_memory_used_bytes",
            "process_start_time_seconds",
            "process_cpu_seconds",
            "jvm_runtime");
  }

  @Test
  void defaults_isImmutableAndInRegistrationOrder() {
    List<Collector> defaults = JvmMetrics.defaults();

    assertThat(defaults)
        .extracting(c -> c.getClass().getSimpleName())
        .containsExactly(
            "JvmThreadsMetrics",
            "JvmBufferPoolMetrics",
            "JvmClassLoadingMetrics",
            "JvmCompilationMetrics",
            "JvmGarbageCollectorMetrics",
            "JvmMemoryPoolAllocationMetrics",
            "JvmMemoryMetrics",
            "JvmRuntimeInfoMetrics",
            "ProcessMetrics");
    assertThatThrownBy(() -> defaults.remove(0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void defaultCollector_eachCanBeUnregisteredFromTheDefaultRegistryAlone() {
    CollectorRegistry registry = CollectorRegistry.defaultRegistry();
    for (Collector c : JvmMetrics.defaults()) {
      Collector same = JvmMetrics.defaultCollector(c.getClass());
      assertThat(same).isSameAs(c);
      List<String> own = familyNames(c.collect());
      List<String> before = familyNames(registry.collect());
      registry.unregister(same);
      try {
        List<String> after = familyNames(registry.collect());
        assertThat(after).doesNotContainAnyElementsOf(own);
        List<String> others = new ArrayList<>(before);
        others.removeAll(own);
        assertThat(after).containsExactlyInAnyOrderElementsOf(others);
      } finally {
        registry.register(same);
      }
    }
  }

  @Test
  void defaultCollector_typeThatIsNotADefault_throwsIllegalArgument() {
    assertThatThrownBy(() -> JvmMetrics.defaultCollector(Collector.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io.prom4j.Collector");
    assertThatThrownBy(() -> JvmMetrics.defaultCollector(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("type");
  }

  @Test
  void register_nullRegistry_throwsNullPointer() {
    assertThatThrownBy(() -> JvmMetrics.register(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry");
  }

  @Test
  void register_clashPartWay_leavesTheRegistryAsItWas() {
    Collector mine = List::of;
    CollectorRegistry registry =
        new CollectorRegistry() {
          @Override
          public void register(Collector collector) {
            if (collector instanceof JvmMemoryMetrics) {
              throw new IllegalArgumentException("Duplicated timeseries: jvm_memory_used_bytes");
            }
            super.register(collector);
          }
        };
    registry.register(mine);

    assertThatThrownBy(() -> JvmMetrics.register(registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jvm_memory_used_bytes");
    assertThat(registry.collect()).isEmpty();
  }

  private static List<String> familyNames(List<MetricFamily> families) {
    List<String> names = new ArrayList<>();
    families.forEach(f -> names.add(f.name()));
    return names;
  }
}
