package io.prom4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ChurnTest {

  @Test
  void start_updatesEverySeriesInRotatingSlices() throws InterruptedException {
    Churn churn = new Churn(0.1);
    Churn.Target target = churn.target();
    AtomicIntegerArray counters = new AtomicIntegerArray(100);
    AtomicIntegerArray histograms = new AtomicIntegerArray(10);
    for (int i = 0; i < counters.length(); i++) {
      int series = i;
      target.counters.add(() -> counters.incrementAndGet(series));
    }
    for (int i = 0; i < histograms.length(); i++) {
      int series = i;
      target.histograms.add(() -> histograms.incrementAndGet(series));
    }
    churn.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(allTouched(counters) && allTouched(histograms)) && System.nanoTime() < deadline) {
      Thread.yield();
    }
    churn.stop();
    assertThat(allTouched(counters)).as("every counter series updated").isTrue();
    assertThat(allTouched(histograms)).as("every histogram series updated").isTrue();
  }

  @Test
  void fraction_outsideZeroToOne_throwsIllegalArgument() {
    assertThatThrownBy(() -> new Churn(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("churn must be in (0, 1]: 0.0");
    assertThatThrownBy(() -> new Churn(1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean allTouched(AtomicIntegerArray a) {
    for (int i = 0; i < a.length(); i++) {
      if (a.get(i) == 0) {
        return false;
      }
    }
    return true;
  }
}
