package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.model.Exemplar;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Exemplars and counts stay consistent while threads update and scrape at once. */
class ExemplarsConcurrencyTest {

  private static final int THREADS = 4;
  private static final int PER_THREAD = 20_000;
  private static final double[] BOUNDS = {0.1, 0.5, 1, 5};

  private static String trace(double v) {
    return Long.toHexString(Double.doubleToLongBits(v));
  }

  /** Every exemplar of a snapshot lies in its bucket, carries its own value, and is counted. */
  private static void check(HistogramDataPoint p) {
    long previous = 0;
    for (int i = 0; i < p.bucketCount(); i++) {
      long inBucket = p.cumulativeCount(i) - previous;
      previous = p.cumulativeCount(i);
      Exemplar e = p.exemplar(i);
      if (e == null) {
        continue;
      }
      double lower = i == 0 ? Double.NEGATIVE_INFINITY : p.upperBound(i - 1);
      assertThat(e.value()).isGreaterThan(lower).isLessThanOrEqualTo(p.upperBound(i));
      assertThat(e.labels().get("trace_id")).isEqualTo(trace(e.value()));
      assertThat(inBucket).as("bucket %d has an exemplar, so a count", i).isPositive();
    }
  }

  private void run(Histogram h, Counter c) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    List<Future<?>> writers = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < PER_THREAD; i++) {
                    double v = ((i * 7919L + seed * 104729L) % 7000) / 1000.0;
                    if (i % 3 == 0) {
                      h.observeWithExemplar(v, Labels.of("trace_id", trace(v)));
                      c.incWithExemplar(v, Labels.of("trace_id", trace(v)));
                    } else {
                      h.observe(v);
                      c.inc(v);
                    }
                  }
                  return null;
                }));
      }
      Future<Integer> scraper =
          pool.submit(
              () -> {
                start.await();
                int scrapes = 0;
                do {
                  HistogramDataPoint p = (HistogramDataPoint) h.collect().get(0).points().get(0);
                  check(p);
                  Counter.Child child = (Counter.Child) c.collect().get(0).points().get(0);
                  Exemplar e = child.exemplar(); // before the value: its increment is counted
                  if (e != null) {
                    assertThat(child.value()).isGreaterThanOrEqualTo(e.value());
                  }
                  assertThat(OpenMetricsFormat.standard().render(registryOf(h, c)))
                      .contains("# EOF");
                  scrapes++;
                } while (!done.get());
                return scrapes;
              });
      start.countDown();
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      assertThat(scraper.get(60, TimeUnit.SECONDS)).isPositive();
    } finally {
      pool.shutdownNow();
    }
    HistogramDataPoint last = (HistogramDataPoint) h.collect().get(0).points().get(0);
    check(last);
    assertThat(last.count()).isEqualTo((long) THREADS * PER_THREAD);
    for (int i = 0; i < last.bucketCount(); i++) {
      assertThat(last.exemplar(i)).as("bucket %d", i).isNotNull();
    }
  }

  private static CollectorRegistry registryOf(Histogram h, Counter c) {
    CollectorRegistry r = new CollectorRegistry();
    r.register(h);
    r.register(c);
    return r;
  }

  @Test
  void classicAndNative_concurrentUpdatesAndScrapes_exemplarsMatchTheirBucketsAndCounts()
      throws Exception {
    run(Histogram.builder().name("h").buckets(BOUNDS).build(), Counter.builder().name("c").build());
  }

  @Test
  void classicOnly_concurrentUpdatesAndScrapes_exemplarsMatchTheirBucketsAndCounts()
      throws Exception {
    run(
        Histogram.builder().name("h").buckets(BOUNDS).classicOnly().build(),
        Counter.builder().name("c").build());
  }
}
