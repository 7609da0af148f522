package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmRuntimeInfoMetricsTest {

  @Test
  void collect_default_labelsComeFromTheRuntimeProperties() {
    List<MetricFamily> families = new JvmRuntimeInfoMetrics().collect();

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
  void collect_givenValues_isOneInfoSample() {
    List<MetricFamily> families =
        new JvmRuntimeInfoMetrics("17.0.9+9", "Eclipse Adoptium", "OpenJDK Runtime Environment")
            .collect();

    assertThat(families)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("jvm_runtime");
              assertThat(f.type()).isEqualTo(MetricType.INFO);
              assertThat(f.help()).isEqualTo("JVM runtime info");
              assertThat(f.samples())
                  .extracting(Sample::name, s -> s.labels().toString(), Sample::value)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(
                          "jvm_runtime_info",
                          "{runtime=\"OpenJDK Runtime Environment\", vendor=\"Eclipse Adoptium\","
                              + " version=\"17.0.9+9\"}",
                          1.0));
            });
  }

  @Test
  void collect_repeated_returnsTheSameSnapshot() {
    JvmRuntimeInfoMetrics metrics = new JvmRuntimeInfoMetrics();

    assertThat(metrics.collect()).isSameAs(metrics.collect());
  }
}
