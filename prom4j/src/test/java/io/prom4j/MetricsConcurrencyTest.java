package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.MetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Updates from several threads while another thread scrapes. */
class MetricsConcurrencyTest {

  private static final int THREADS = 4;
  private static final int ITERATIONS = 10_000;
  private static final int OWN_CHILDREN = 300;
  private static final String[] CODES = {"200", "404", "500"};

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void concurrentUpdatesAndScrapes_totalsExact_histogramSnapshotsConsistentAndMonotonic()
      throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Counter plain = Counter.builder().name("plain").register(registry);
    Counter labelled =
        Counter.builder().name("requests").labelNames("method", "code").register(registry);
    Histogram histogram = Histogram.builder().name("h").buckets(1, 2, 3).register(registry);

    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean workersDone = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger scrapes = new AtomicInteger();

    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String worker = "w" + t;
      workers.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  Counter.Child cached = labelled.labels("GET", "200");
                  for (int i = 0; i < ITERATIONS; i++) {
                    plain.inc();
                    cached.inc();
                    labelled.labels("POST", CODES[i % CODES.length]).inc();
                    histogram.observe(i % 4 + 0.5); // one observation per bucket in every 4
                    if (i < OWN_CHILDREN) {
                      labelled.labels(worker, Integer.toString(i)).inc(); // concurrent inserts
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }

    Thread scraper =
        new Thread(
            () -> {
              try {
                start.await();
                long[] previous = new long[4];
                boolean last = false;
                while (!last) {
                  last = workersDone.get(); // one more scrape after the workers finished
                  HistogramDataPoint p = histogramPoint(registry.collect());
                  assertThat(p.cumulativeCount(p.bucketCount() - 1)).isEqualTo(p.count());
                  for (int i = 0; i < p.bucketCount(); i++) {
                    long now = p.cumulativeCount(i);
                    assertThat(now)
                        .as("bucket %d against the previous scrape", i)
                        .isGreaterThanOrEqualTo(previous[i]);
                    if (i > 0) {
                      assertThat(now)
                          .as("bucket %d cumulative", i)
                          .isGreaterThanOrEqualTo(p.cumulativeCount(i - 1));
                    }
                    previous[i] = now;
                  }
                  scrapes.incrementAndGet();
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            });

    workers.forEach(Thread::start);
    scraper.start();
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    workersDone.set(true);
    scraper.join();

    if (failure.get() != null) {
      throw new AssertionError("a worker or the scraper failed", failure.get());
    }
    assertThat(scrapes.get()).isPositive();
    double total = THREADS * ITERATIONS;
    assertThat(registry.getSampleValue("plain_total")).isEqualTo(total);
    assertThat(registry.getSampleValue("requests_total", Map.of("method", "GET", "code", "200")))
        .isEqualTo(total);
    double posts = 0;
    for (String code : CODES) {
      posts += registry.getSampleValue("requests_total", Map.of("method", "POST", "code", code));
    }
    assertThat(posts).isEqualTo(total);
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < OWN_CHILDREN; i++) {
        assertThat(
                registry.getSampleValue(
                    "requests_total", Map.of("method", "w" + t, "code", Integer.toString(i))))
            .isEqualTo(1.0);
      }
    }
    assertThat(labelled.collect().get(0).points())
        .hasSize(1 + CODES.length + THREADS * OWN_CHILDREN);
    assertThat(registry.getSampleValue("h_count")).isEqualTo(total);
    for (String le : List.of("1.0", "2.0", "3.0")) {
      double expected = total / 4 * Double.parseDouble(le);
      assertThat(registry.getSampleValue("h_bucket", Map.of("le", le))).isEqualTo(expected);
    }
    assertThat(registry.getSampleValue("h_sum")).isEqualTo(total / 4 * (0.5 + 1.5 + 2.5 + 3.5));
  }

  private static HistogramDataPoint histogramPoint(List<MetricFamily> families) {
    for (MetricFamily f : families) {
      if (f.name().equals("h")) {
        return (HistogramDataPoint) f.points().get(0);
      }
    }
    throw new AssertionError("no histogram family");
  }
}
