package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.MetricType;
import io.prom4j.model.SummaryDataPoint;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void observe_countsAndSums_withoutQuantiles() {
    Summary s = Summary.builder().name("payload_bytes").register(registry);
    s.observe(512);
    s.observe(0.5);
    assertThat(registry.getSampleValue("payload_bytes_count")).isEqualTo(2.0);
    assertThat(registry.getSampleValue("payload_bytes_sum")).isEqualTo(512.5);
    SummaryDataPoint p = (SummaryDataPoint) s.collect().get(0).points().get(0);
    assertThat(p.quantiles()).isEmpty();
    assertThat(s.collect().get(0).type()).isEqualTo(MetricType.SUMMARY);
  }

  @Test
  void observe_nan_throwsIllegalArgument() {
    Summary s = Summary.builder().name("s").build();
    assertThatThrownBy(() -> s.observe(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void created_isClockTimeAtChildCreation() {
    Summary.builder()
        .name("s")
        .clock(InstantSource.fixed(Instant.ofEpochMilli(123_456)))
        .register(registry);
    assertThat(registry.getSampleValue("s_created")).isEqualTo(123.456);
  }

  @Test
  void startTimer_observesElapsedSeconds() {
    Summary s = Summary.builder().name("s").labelNames("op").register(registry);
    double seconds;
    try (Timer t = s.labels("read").startTimer()) {
      seconds = t.observeDuration();
    }
    assertThat(registry.getSampleValue("s_count", Map.of("op", "read"))).isEqualTo(1.0);
    assertThat(registry.getSampleValue("s_sum", Map.of("op", "read"))).isEqualTo(seconds);
  }
}
