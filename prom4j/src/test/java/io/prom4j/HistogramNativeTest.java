package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.exposition.TextFormat;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.NativeHistogram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistogramNativeTest {

  private static HistogramDataPoint point(Histogram h) {
    return (HistogramDataPoint) h.collect().get(0).points().get(0);
  }

  private static Map<Integer, Long> positive(NativeHistogram n) {
    Map<Integer, Long> m = new HashMap<>();
    for (int i = 0; i < n.positiveBucketCount(); i++) {
      m.put(n.positiveIndex(i), n.positiveCount(i));
    }
    return m;
  }

  private static Map<Integer, Long> negative(NativeHistogram n) {
    Map<Integer, Long> m = new HashMap<>();
    for (int i = 0; i < n.negativeBucketCount(); i++) {
      m.put(n.negativeIndex(i), n.negativeCount(i));
    }
    return m;
  }

  @Test
  void builder_defaults_classicAndNativeSchema5Threshold2PowMinus128() {
    Histogram h = Histogram.builder().name("h").build();
    h.observe(0.42);
    HistogramDataPoint p = point(h);
    assertThat(p.bucketCount()).isEqualTo(15);
    NativeHistogram n = p.nativeHistogram();
    assertThat(n.schema()).isEqualTo(5);
    assertThat(n.zeroThreshold()).isEqualTo(Math.pow(2, -128));
    assertThat(positive(n)).containsExactly(Map.entry(NativeBucketIndex.index(0.42, 5), 1L));
    assertThat(p.count()).isEqualTo(1);
  }

  @Test
  void observe_referenceExample_bucketsCountAndSum() {
    Histogram h = Histogram.builder().name("rpc_seconds").nativeOnly().nativeSchema(0).build();
    h.observe(1.5);
    h.observe(3);
    h.observe(3);
    HistogramDataPoint p = point(h);
    assertThat(p.bucketCount()).isZero();
    assertThat(p.count()).isEqualTo(3);
    assertThat(p.sum()).isEqualTo(7.5);
    assertThat(positive(p.nativeHistogram())).containsOnly(Map.entry(1, 1L), Map.entry(2, 2L));
  }

  @Test
  void observe_negativeZeroAndInfinities_asClientGolang() {
    Histogram h = Histogram.builder().name("h").nativeSchema(0).nativeZeroThreshold(0.5).build();
    h.observe(-3);
    h.observe(0);
    h.observe(0.5);
    h.observe(-0.5);
    h.observe(Double.POSITIVE_INFINITY);
    h.observe(Double.NEGATIVE_INFINITY);
    NativeHistogram n = point(h).nativeHistogram();
    assertThat(n.zeroCount()).isEqualTo(3); // the zero bucket is the closed [-0.5, 0.5]
    assertThat(positive(n)).containsOnly(Map.entry(1025, 1L));
    assertThat(negative(n)).containsOnly(Map.entry(2, 1L), Map.entry(1025, 1L));
    assertThat(point(h).count()).isEqualTo(6);
    assertThat(point(h).cumulativeCount(0)).isEqualTo(4); // -3, -0.5, -Inf and 0 are <= .005
  }

  @Test
  void observe_zeroThresholdZero_onlyZeroInZeroBucket() {
    Histogram h = Histogram.builder().name("h").nativeZeroThreshold(0).build();
    h.observe(0);
    h.observe(-0.0);
    h.observe(Double.MIN_VALUE);
    NativeHistogram n = point(h).nativeHistogram();
    assertThat(n.zeroCount()).isEqualTo(2);
    assertThat(n.positiveBucketCount()).isEqualTo(1);
  }

  @Test
  void observe_nan_throwsAndRecordsNothing() {
    Histogram h = Histogram.builder().name("h").build();
    assertThatThrownBy(() -> h.observe(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThat(point(h).count()).isZero();
    assertThat(point(h).nativeHistogram().count()).isZero();
  }

  @Test
  void classicOnly_hasNoNativeHistogram() {
    Histogram h = Histogram.builder().name("h").classicOnly().build();
    h.observe(1);
    assertThat(point(h).nativeHistogram()).isNull();
    assertThat(point(h).count()).isEqualTo(1);
  }

  @Test
  void nativeOnly_textFormat_showsOnlyCountAndSum() {
    CollectorRegistry registry = new CollectorRegistry();
    Histogram h = Histogram.builder().name("h").help("H.").nativeOnly().register(registry);
    h.observe(2);
    assertThat(h.buckets()).isEmpty();
    assertThat(TextFormat.v004().render(registry))
        .isEqualTo(
            """
            # HELP h H.
            # TYPE h histogram
            h_count 1
            h_sum 2.0
            """);
  }

  @Test
  void builder_badNativeSettings_throwNamingSettingAndValue() {
    assertThatThrownBy(() -> Histogram.builder().nativeSchema(9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nativeSchema must be in -4..8: 9");
    assertThatThrownBy(() -> Histogram.builder().nativeSchema(-5))
        .hasMessage("nativeSchema must be in -4..8: -5");
    assertThatThrownBy(() -> Histogram.builder().nativeMaxBuckets(0))
        .hasMessage("nativeMaxBuckets must be 1 or more: 0");
    assertThatThrownBy(() -> Histogram.builder().nativeZeroThreshold(-1))
        .hasMessage("nativeZeroThreshold must be finite and 0 or more: -1.0");
    assertThatThrownBy(() -> Histogram.builder().nativeZeroThreshold(Double.NaN))
        .hasMessageContaining("NaN");
  }

  @Test
  void observe_pastMaxBuckets_lowersSchemaAndLosesNothing() {
    Histogram h = Histogram.builder().name("h").nativeSchema(8).nativeMaxBuckets(10).build();
    List<Double> values = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 5000; i++) {
      double v = Math.exp(random.nextDouble(-10, 10)) * (i % 7 == 0 ? -1 : 1);
      values.add(v);
      h.observe(v);
    }
    NativeHistogram n = point(h).nativeHistogram();
    assertThat(n.positiveBucketCount() + n.negativeBucketCount()).isLessThanOrEqualTo(10);
    assertThat(n.schema()).isLessThan(8);
    Map<Integer, Long> expectedPositive = new HashMap<>();
    Map<Integer, Long> expectedNegative = new HashMap<>();
    for (double v : values) {
      Map<Integer, Long> side = v > 0 ? expectedPositive : expectedNegative;
      side.merge(NativeBucketIndex.index(Math.abs(v), n.schema()), 1L, Long::sum);
    }
    assertThat(positive(n)).isEqualTo(expectedPositive);
    assertThat(negative(n)).isEqualTo(expectedNegative);
    assertThat(n.count()).isEqualTo(5000);
    assertThat(point(h).count()).isEqualTo(5000);
  }

  @Test
  void observe_withinMaxBuckets_keepsSchema() {
    Histogram h = Histogram.builder().name("h").nativeSchema(3).nativeMaxBuckets(8).build();
    for (int i = 0; i < 8; i++) {
      h.observe(Math.pow(2, i)); // 8 buckets at schema 3
    }
    assertThat(point(h).nativeHistogram().schema()).isEqualTo(3);
    h.observe(1000); // a 9th bucket: powers of two stay apart down to schema 0, merge at -1
    NativeHistogram n = point(h).nativeHistogram();
    assertThat(n.schema()).isEqualTo(-1);
    assertThat(positive(n))
        .containsOnly(
            Map.entry(0, 1L),
            Map.entry(1, 2L),
            Map.entry(2, 2L),
            Map.entry(3, 2L),
            Map.entry(4, 1L),
            Map.entry(5, 1L));
  }

  @Test
  void observe_manyDistinctBucketsBetweenScrapes_tablesGrowAndAllAreCounted() {
    Histogram h = Histogram.builder().name("h").nativeSchema(8).nativeMaxBuckets(2000).build();
    for (int i = 0; i < 1500; i++) {
      h.observe(1 + i / 256.0 * 1.7);
    }
    NativeHistogram n = point(h).nativeHistogram();
    assertThat(n.schema()).isEqualTo(8);
    assertThat(n.count()).isEqualTo(1500);
  }

  // 4 threads: mostly one owned stripe each; 32 threads: more threads than slots, so most of them
  // share stripes (atomic writes) beside the owners (plain writes).
  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {4, 32})
  void snapshots_underConcurrentObservations_consistentAndNeverDecreasing(int threads)
      throws Exception {
    Histogram h =
        Histogram.builder().name("h").nativeSchema(8).nativeMaxBuckets(20).buckets(1, 10).build();
    int perThread = 800_000 / threads;
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      Thread w =
          new Thread(
              () -> {
                SplittableRandom r = new SplittableRandom(seed);
                try {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    // integral values keep the sum exact; zeros and negatives on both sides
                    h.observe(r.nextInt(-1000, 100_000) / (i % 5 == 0 ? 1 : 1000) * 1.0);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      workers.add(w);
      w.start();
    }
    AtomicBoolean done = new AtomicBoolean();
    start.countDown();
    HistogramDataPoint previous = null;
    int scrapes = 0;
    while (!done.get()) {
      done.set(workers.stream().noneMatch(Thread::isAlive));
      HistogramDataPoint p = point(h);
      NativeHistogram n = p.nativeHistogram();
      assertThat(n.count()).as("count = zero + buckets").isEqualTo(p.count());
      assertThat(p.cumulativeCount(p.bucketCount() - 1)).isEqualTo(p.count());
      if (previous != null) {
        assertNotDecreasing(previous, p);
      }
      previous = p;
      scrapes++;
    }
    assertThat(failure.get()).isNull();
    assertThat(scrapes).isGreaterThan(1);
    HistogramDataPoint last = point(h);
    assertThat(last.count()).isEqualTo((long) threads * perThread);
    assertThat(
            last.nativeHistogram().positiveBucketCount()
                + last.nativeHistogram().negativeBucketCount())
        .isLessThanOrEqualTo(20);
  }

  // classic-only too: its sum and counts come from one snapshot (they were separate adders)
  @ParameterizedTest(name = "classicOnly={0}")
  @ValueSource(booleans = {false, true})
  void snapshots_constantValueUnderConcurrency_sumEqualsCount(boolean classicOnly)
      throws Exception {
    Histogram.Builder b = Histogram.builder().name("h");
    Histogram h = (classicOnly ? b.classicOnly() : b).build();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread w =
          new Thread(
              () -> {
                while (!stop.get()) {
                  h.observe(1.0);
                }
              });
      workers.add(w);
      w.start();
    }
    try {
      for (int i = 0; i < 2000; i++) {
        HistogramDataPoint p = point(h);
        assertThat(p.sum()).isEqualTo((double) p.count());
        assertThat(p.cumulativeCount(p.bucketCount() - 1)).isEqualTo(p.count());
        if (!classicOnly) {
          assertThat(p.nativeHistogram().count()).isEqualTo(p.count());
        }
      }
    } finally {
      stop.set(true);
      for (Thread w : workers) {
        w.join();
      }
    }
  }

  /** Every bucket of {@code later}, mapped to its schema, holds at least the earlier count. */
  private static void assertNotDecreasing(HistogramDataPoint earlier, HistogramDataPoint later) {
    for (int i = 0; i < later.bucketCount(); i++) {
      assertThat(later.cumulativeCount(i)).isGreaterThanOrEqualTo(earlier.cumulativeCount(i));
    }
    NativeHistogram a = earlier.nativeHistogram();
    NativeHistogram b = later.nativeHistogram();
    assertThat(b.schema()).isLessThanOrEqualTo(a.schema());
    assertThat(b.zeroCount()).isGreaterThanOrEqualTo(a.zeroCount());
    Map<Integer, Long> before = new HashMap<>();
    for (int i = 0; i < a.positiveBucketCount(); i++) {
      before.merge(
          NativeBucketIndex.lower(a.positiveIndex(i), a.schema(), b.schema()),
          a.positiveCount(i),
          Long::sum);
    }
    Map<Integer, Long> after = positive(b);
    before.forEach(
        (index, count) ->
            assertThat(after.getOrDefault(index, 0L))
                .as("bucket %d", index)
                .isGreaterThanOrEqualTo(count));
  }
}
