package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.MetricType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class GaugeTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void setIncDec_changeTheValue() {
    Gauge g = Gauge.builder().name("g").register(registry);
    assertThat(registry.getSampleValue("g")).isEqualTo(0.0);
    g.set(3);
    g.inc();
    g.dec(2);
    g.inc(0.5);
    g.dec();
    assertThat(registry.getSampleValue("g")).isEqualTo(1.5);
    g.set(-7.25);
    assertThat(registry.getSampleValue("g")).isEqualTo(-7.25);
  }

  @Test
  void setToCurrentTime_usesBuilderClock() {
    TestClock clock = TestClock.atMillis(123_456);
    Gauge g = Gauge.builder().name("g").clock(clock).register(registry);
    g.setToCurrentTime();
    assertThat(registry.getSampleValue("g")).isEqualTo(123.456);
    clock.advance(Duration.ofSeconds(10));
    g.setToCurrentTime();
    assertThat(registry.getSampleValue("g")).isEqualTo(133.456);
  }

  @Test
  void setToCurrentTime_hasMillisecondResolution() {
    TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L, 123_987_654));
    Gauge g = Gauge.builder().name("g").clock(clock).register(registry);

    g.setToCurrentTime();

    assertThat(registry.getSampleValue("g")).isEqualTo(1_700_000_000.123);
  }

  @Test
  void setFunction_valueIsComputedAtScrape() {
    Queue<String> queue = new ArrayDeque<>();
    Gauge g = Gauge.builder().name("queue_size").register(registry);
    g.setFunction(queue::size);
    assertThat(registry.getSampleValue("queue_size")).isEqualTo(0.0);
    queue.add("a");
    queue.add("b");
    assertThat(registry.getSampleValue("queue_size")).isEqualTo(2.0);
    g.set(100); // like Python: the function wins
    assertThat(registry.getSampleValue("queue_size")).isEqualTo(2.0);
  }

  @Test
  void startTimer_setsGaugeToElapsedSecondsOnClose() {
    Gauge g = Gauge.builder().name("g").register(registry);
    g.set(-1);
    double seconds;
    try (Timer t = g.startTimer()) {
      seconds = t.observeDuration();
    }
    assertThat(seconds).isGreaterThanOrEqualTo(0.0).isLessThan(60.0);
    assertThat(registry.getSampleValue("g")).isEqualTo(seconds);
  }

  @Test
  @SuppressWarnings("try") // the handle is only closed
  void trackInProgress_incrementsNowAndDecrementsOnCloseOnce() {
    Gauge g = Gauge.builder().name("in_progress").register(registry);
    Gauge.InProgress outer = g.trackInProgress();
    try (Gauge.InProgress inner = g.trackInProgress()) {
      assertThat(registry.getSampleValue("in_progress")).isEqualTo(2.0);
    }
    assertThat(registry.getSampleValue("in_progress")).isEqualTo(1.0);
    outer.close();
    outer.close();
    assertThat(registry.getSampleValue("in_progress")).isEqualTo(0.0);
  }

  @Test
  void labelledChildren_haveIndependentValues() {
    Gauge g = Gauge.builder().name("temp").labelNames("room").register(registry);
    g.labels("kitchen").set(21.5);
    g.labels("hall").set(18);
    g.labels("hall").dec(0.5);
    assertThat(registry.getSampleValue("temp", Map.of("room", "kitchen"))).isEqualTo(21.5);
    assertThat(registry.getSampleValue("temp", Map.of("room", "hall"))).isEqualTo(17.5);
    assertThat(registry.getSampleValue("temp")).isNull();
  }

  @Test
  void collect_returnsGaugeFamilyWithLivePoints() {
    Gauge g = Gauge.builder().name("g").help("H.").unit("bytes").build();
    var f = g.collect().get(0);
    assertThat(f.type()).isEqualTo(MetricType.GAUGE);
    assertThat(f.name()).isEqualTo("g_bytes");
    g.set(9);
    assertThat(((GaugeDataPoint) f.points().get(0)).value()).isEqualTo(9.0);
  }
}
