package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CounterTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void inc_addsOneAndAmounts() {
    Counter c = Counter.builder().name("jobs").help("Jobs.").register(registry);
    c.inc();
    c.inc(2.5);
    c.inc(0);
    c.inc(3);
    assertThat(registry.getSampleValue("jobs_total")).isEqualTo(6.5);
  }

  @Test
  void inc_negativeAmount_throwsIllegalArgumentNamingAmount() {
    Counter c = Counter.builder().name("c").build();
    assertThatThrownBy(() -> c.inc(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Counters can only be incremented by non-negative amounts: -1.0");
    assertThat(((CounterDataPoint) c.collect().get(0).points().get(0)).value()).isZero();
  }

  @Test
  void inc_nan_throwsIllegalArgument() {
    Counter c = Counter.builder().name("c").build();
    assertThatThrownBy(() -> c.inc(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-negative amounts: NaN");
  }

  @Test
  void inc_wholeAndFractionalAmounts_sumExactly() {
    Counter c = Counter.builder().name("c").register(registry);
    c.inc(0x1p40); // beyond the long path: goes to the double
    c.inc(0.25);
    c.inc(7);
    assertThat(registry.getSampleValue("c_total")).isEqualTo(0x1p40 + 7.25);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void inc_contendedFromManyThreads_countsEveryWholeAndFractionalIncrement() throws Exception {
    Counter c = Counter.builder().name("c").register(registry);
    int threads = 4;
    int iterations = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < iterations; i++) {
                  c.inc();
                  c.inc(2);
                  c.inc(0.5); // exact in binary: the total is exact too
                }
              });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(registry.getSampleValue("c_total")).isEqualTo(threads * iterations * 3.5);
  }

  @Test
  void inc_infinity_makesValueInfinite() {
    Counter c = Counter.builder().name("c").register(registry);
    c.inc(Double.POSITIVE_INFINITY);
    assertThat(registry.getSampleValue("c_total")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void created_isClockTimeAtChildCreation() {
    Counter c =
        Counter.builder()
            .name("c")
            .clock(InstantSource.fixed(Instant.ofEpochMilli(123_456)))
            .register(registry);
    assertThat(registry.getSampleValue("c_created")).isEqualTo(123.456);
  }

  @Test
  void created_ofLabelledChildren_isTheirOwnCreationTime() {
    TestClock clock = TestClock.atMillis(1_000_000);
    Counter c = Counter.builder().name("c").labelNames("k").clock(clock).register(registry);
    c.labels("a");
    clock.advance(Duration.ofMillis(1500));
    c.labels("b").inc();
    c.labels("a").inc();
    assertThat(registry.getSampleValue("c_created", Map.of("k", "a"))).isEqualTo(1000.0);
    assertThat(registry.getSampleValue("c_created", Map.of("k", "b"))).isEqualTo(1001.5);
  }

  @Test
  void labelledChildren_countSeparately() {
    Counter c = Counter.builder().name("requests").labelNames("method", "code").register(registry);
    c.labels("GET", "200").inc();
    c.labels("GET", "200").inc(2.5);
    c.labels("POST", "500").inc();
    assertThat(registry.getSampleValue("requests_total", Map.of("method", "GET", "code", "200")))
        .isEqualTo(3.5);
    assertThat(registry.getSampleValue("requests_total", Map.of("method", "POST", "code", "500")))
        .isEqualTo(1.0);
  }

  @Test
  void collect_returnsCounterFamilyWithLivePoints() {
    Counter c = Counter.builder().name("c_total").help("H.").build();
    MetricFamily f = c.collect().get(0);
    assertThat(f.type()).isEqualTo(MetricType.COUNTER);
    assertThat(f.name()).isEqualTo("c");
    CounterDataPoint p = (CounterDataPoint) f.points().get(0);
    c.inc(4);
    assertThat(p.value()).isEqualTo(4.0);
  }

  @Test
  void child_exposesValueAndCreated() {
    Counter c =
        Counter.builder()
            .name("c")
            .labelNames("k")
            .clock(InstantSource.fixed(Instant.ofEpochSecond(42)))
            .build();
    Counter.Child child = c.labels("x");
    child.inc();
    assertThat(child.value()).isEqualTo(1.0);
    assertThat(child.created()).isEqualTo(42.0);
  }
}
