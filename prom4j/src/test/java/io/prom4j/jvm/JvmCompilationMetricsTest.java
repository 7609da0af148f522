package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmCompilationMetricsTest {

  @Test
  void collect_hotSpot_reportsTotalCompilationTimeInSeconds() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long millisBefore = jit.getTotalCompilationTime();
    List<MetricFamily> families = new JvmCompilationMetrics().collect();
    long millisAfter = jit.getTotalCompilationTime();

    MetricFamily f = Scrapes.family(families, "jvm_compilation_time_seconds");
    assertThat(f.type()).isEqualTo(MetricType.COUNTER);
    assertThat(f.unit()).isEqualTo("seconds");
    assertThat(Scrapes.value(families, "jvm_compilation_time_seconds_total"))
        .isPositive()
        .isBetween(millisBefore / 1000.0, millisAfter / 1000.0);
  }

  @Test
  void collect_noJitCompiler_producesNothing() {
    assertThat(new JvmCompilationMetrics(null).collect()).isEmpty();
  }
}
