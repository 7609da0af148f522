package io.prom4j.http;

import io.prom4j.Collector;
import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Registries and collectors the HTTP tests scrape. */
final class TestCollectors {

  private TestCollectors() {}

  /** Gauge {@code gg} = 17 and counter {@code cc} = 2: the Python reference's examples. */
  static CollectorRegistry small() {
    CollectorRegistry r = new CollectorRegistry();
    Gauge.builder().name("gg").help("A gauge").register(r).set(17);
    Counter c = Counter.builder().name("cc").help("A counter").register(r);
    c.inc();
    c.inc();
    return r;
  }

  /**
   * A registry with one gauge family of {@code series} points, built once (about 40 bytes a series
   * in text), plus the small gauge {@code gg}.
   */
  static CollectorRegistry large(int series) {
    List<GaugeDataPoint> points = new ArrayList<>(series);
    for (int i = 0; i < series; i++) {
      points.add(GaugeDataPoint.of(Labels.of("series", Integer.toString(i)), i));
    }
    List<MetricFamily> families =
        List.of(new MetricFamily("big", "A large family.", MetricType.GAUGE, "", points));
    CollectorRegistry r = new CollectorRegistry();
    Gauge.builder().name("gg").help("A gauge").register(r).set(17);
    r.register(
        new Collector() {
          @Override
          public List<MetricFamily> collect() {
            return families;
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of(
                new MetricFamily("big", "A large family.", MetricType.GAUGE, "", List.of()));
          }
        });
    return r;
  }

  /**
   * A collector that counts its calls and, on demand, throws or blocks. Registers no names, so it
   * is collected for every scrape, filtered or not.
   */
  static final class Controllable implements Collector {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean fail = new AtomicBoolean();
    volatile CountDownLatch entered;
    volatile CountDownLatch release;

    @Override
    public List<MetricFamily> collect() {
      calls.incrementAndGet();
      if (fail.get()) {
        throw new IllegalStateException("secret internal detail: db password is hunter2");
      }
      CountDownLatch r = release;
      if (r != null) {
        entered.countDown();
        try {
          if (!r.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test never released the collector");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return List.of(
          new MetricFamily(
              "controlled",
              "Controlled.",
              MetricType.GAUGE,
              "",
              List.of(GaugeDataPoint.of(Labels.EMPTY, 1))));
    }

    @Override
    public List<MetricFamily> describe() {
      return List.of();
    }

    /** Makes the next collections block until {@link #release()}. */
    void block() {
      entered = new CountDownLatch(1);
      release = new CountDownLatch(1);
    }

    boolean awaitEntered() throws InterruptedException {
      return entered.await(10, TimeUnit.SECONDS);
    }

    void unblock() {
      CountDownLatch r = release;
      release = null;
      r.countDown();
    }
  }
}
