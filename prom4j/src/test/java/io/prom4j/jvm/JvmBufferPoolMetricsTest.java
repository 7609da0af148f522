package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.MetricFamily;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JvmBufferPoolMetricsTest {

  private final JvmBufferPoolMetrics metrics = new JvmBufferPoolMetrics();

  @Test
  void collect_everyFamily_hasOnePointPerJdkBufferPool() {
    TreeSet<String> pools = new TreeSet<>();
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      pools.add(pool.getName());
    }
    List<MetricFamily> families = metrics.collect();

    assertThat(families)
        .extracting(MetricFamily::name)
        .containsExactly(
            "jvm_buffer_pool_used_bytes",
            "jvm_buffer_pool_capacity_bytes",
            "jvm_buffer_pool_used_buffers");
    assertThat(pools).contains("direct", "mapped");
    for (MetricFamily f : families) {
      assertThat(Scrapes.labelValues(f, "pool")).isEqualTo(pools);
    }
  }

  @Test
  void collect_afterAllocatingADirectBuffer_directPoolGrowsByItsSize() {
    double bytes = Scrapes.value(metrics, "jvm_buffer_pool_used_bytes", "pool", "direct");
    double capacity = Scrapes.value(metrics, "jvm_buffer_pool_capacity_bytes", "pool", "direct");
    double count = Scrapes.value(metrics, "jvm_buffer_pool_used_buffers", "pool", "direct");

    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    List<MetricFamily> after = metrics.collect();

    assertThat(Scrapes.value(after, "jvm_buffer_pool_used_bytes", "pool", "direct"))
        .isGreaterThanOrEqualTo(bytes + (1 << 20));
    assertThat(Scrapes.value(after, "jvm_buffer_pool_capacity_bytes", "pool", "direct"))
        .isGreaterThanOrEqualTo(capacity + (1 << 20));
    assertThat(Scrapes.value(after, "jvm_buffer_pool_used_buffers", "pool", "direct"))
        .isGreaterThanOrEqualTo(count + 1);
    Reference.reachabilityFence(buffer);
  }
}
