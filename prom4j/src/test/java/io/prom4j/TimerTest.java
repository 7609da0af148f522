package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerTest {

  @Test
  void observeDuration_recordsOnceAndReturnsSameSeconds() {
    List<Double> recorded = new ArrayList<>();
    Timer t = new Timer(recorded::add);
    double first = t.observeDuration();
    double second = t.observeDuration();
    t.close();
    assertThat(recorded).containsExactly(first);
    assertThat(second).isEqualTo(first);
    assertThat(first).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void close_recordsElapsedNanoTimeInSeconds() {
    List<Double> recorded = new ArrayList<>();
    long before = System.nanoTime();
    try (Timer t = new Timer(recorded::add)) {
      assertThat(t).isNotNull();
    }
    double bound = (System.nanoTime() - before) / 1e9;
    assertThat(recorded).hasSize(1);
    assertThat(recorded.get(0)).isBetween(0.0, bound);
  }
}
