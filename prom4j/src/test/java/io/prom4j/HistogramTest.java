package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  private Double bucket(String name, String le) {
    return registry.getSampleValue(name + "_bucket", Map.of("le", le));
  }

  @Test
  void buckets_defaultToPythonsDefaults() {
    Histogram h = Histogram.builder().name("h").build();
    assertThat(h.buckets())
        .containsExactly(
            .005,
            .01,
            .025,
            .05,
            .075,
            .1,
            .25,
            .5,
            .75,
            1.0,
            2.5,
            5.0,
            7.5,
            10.0,
            Double.POSITIVE_INFINITY);
  }

  @Test
  void buckets_infIsAppendedWhenMissing() {
    assertThat(Histogram.builder().name("h").buckets(1).build().buckets())
        .containsExactly(1.0, Double.POSITIVE_INFINITY);
    assertThat(Histogram.builder().name("h").buckets(1, Double.POSITIVE_INFINITY).build().buckets())
        .containsExactly(1.0, Double.POSITIVE_INFINITY);
  }

  @Test
  void build_unsortedBuckets_throwsIllegalArgumentNamingThem() {
    assertThatThrownBy(() -> Histogram.builder().name("h").buckets(1, 0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly increasing")
        .hasMessageContaining("[1.0, 0.5]");
  }

  @Test
  void build_duplicateBuckets_throwsIllegalArgumentNamingThem() {
    assertThatThrownBy(() -> Histogram.builder().name("h").buckets(1, 2, 2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1.0, 2.0, 2.0]");
  }

  @Test
  void build_nanBucket_throwsIllegalArgument() {
    assertThatThrownBy(() -> Histogram.builder().name("h").buckets(1, Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be NaN")
        .hasMessageContaining("[1.0, NaN]");
  }

  @Test
  void build_fewerThanTwoBuckets_throwsIllegalArgument() {
    assertThatThrownBy(() -> Histogram.builder().name("h").buckets().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two buckets")
        .hasMessageContaining("[]");
    assertThatThrownBy(
            () -> Histogram.builder().name("h").buckets(Double.POSITIVE_INFINITY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two buckets")
        .hasMessageContaining("[Infinity]");
  }

  @Test
  void observe_countsIntoFirstBucketWithBoundAtLeastValue_cumulatively() {
    Histogram h =
        Histogram.builder().name("latency_seconds").buckets(0.1, 0.5, 1, 5).register(registry);
    h.observe(0.42);
    h.observe(0.5); // bounds are inclusive
    h.observe(0.05);
    h.observe(7);
    h.observe(-3);
    assertThat(bucket("latency_seconds", "0.1")).isEqualTo(2.0);
    assertThat(bucket("latency_seconds", "0.5")).isEqualTo(4.0);
    assertThat(bucket("latency_seconds", "1.0")).isEqualTo(4.0);
    assertThat(bucket("latency_seconds", "5.0")).isEqualTo(4.0);
    assertThat(bucket("latency_seconds", "+Inf")).isEqualTo(5.0);
    assertThat(registry.getSampleValue("latency_seconds_count")).isEqualTo(5.0);
    assertThat(registry.getSampleValue("latency_seconds_sum")).isEqualTo(0.42 + 0.5 + 0.05 + 7 - 3);
  }

  @Test
  void observe_infinityGoesToInfBucket_negativeZeroToZeroBucket() {
    Histogram h = Histogram.builder().name("h").buckets(-0.0, 1).register(registry);
    h.observe(0.0);
    h.observe(-0.0);
    h.observe(Double.POSITIVE_INFINITY);
    assertThat(bucket("h", "0.0")).isEqualTo(2.0);
    assertThat(bucket("h", "1.0")).isEqualTo(2.0);
    assertThat(bucket("h", "+Inf")).isEqualTo(3.0);
  }

  @Test
  void observe_nan_throwsIllegalArgument() {
    Histogram h = Histogram.builder().name("h").register(registry);
    assertThatThrownBy(() -> h.observe(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThat(registry.getSampleValue("h_count")).isEqualTo(0.0);
  }

  @Test
  void created_isClockTimeAtChildCreation() {
    Histogram.builder()
        .name("h")
        .clock(InstantSource.fixed(Instant.ofEpochMilli(123_456)))
        .register(registry);
    assertThat(registry.getSampleValue("h_created")).isEqualTo(123.456);
  }

  @Test
  void startTimer_observesElapsedSeconds() {
    Histogram h = Histogram.builder().name("h").buckets(60).register(registry);
    double seconds;
    try (Timer t = h.startTimer()) {
      seconds = t.observeDuration();
    }
    assertThat(registry.getSampleValue("h_count")).isEqualTo(1.0);
    assertThat(registry.getSampleValue("h_sum")).isEqualTo(seconds);
    assertThat(bucket("h", "60.0")).isEqualTo(1.0);
  }

  @Test
  void labelledChildren_observeSeparately() {
    Histogram h = Histogram.builder().name("h").labelNames("path").buckets(1).register(registry);
    h.labels("/a").observe(0.5);
    h.labels("/b").observe(2);
    assertThat(registry.getSampleValue("h_bucket", Map.of("path", "/a", "le", "1.0")))
        .isEqualTo(1.0);
    assertThat(registry.getSampleValue("h_bucket", Map.of("path", "/b", "le", "1.0")))
        .isEqualTo(0.0);
    assertThat(registry.getSampleValue("h_count", Map.of("path", "/b"))).isEqualTo(1.0);
  }

  @Test
  void collect_returnsSnapshotWithInfBucketEqualToCount() {
    Histogram h = Histogram.builder().name("h").buckets(1, 2).build();
    h.observe(1.5);
    h.observe(3);
    MetricFamily f = h.collect().get(0);
    assertThat(f.type()).isEqualTo(MetricType.HISTOGRAM);
    HistogramDataPoint p = (HistogramDataPoint) f.points().get(0);
    h.observe(0.5); // after the snapshot: not in it
    assertThat(p.bucketCount()).isEqualTo(3);
    assertThat(new long[] {p.cumulativeCount(0), p.cumulativeCount(1), p.cumulativeCount(2)})
        .containsExactly(0, 1, 2);
    assertThat(p.count()).isEqualTo(2);
    assertThat(p.sum()).isEqualTo(4.5);
  }

  private static HistogramDataPoint point(Histogram h) {
    return (HistogramDataPoint) h.collect().get(0).points().get(0);
  }

  @Test
  void collect_seriesNotObservedSince_givesTheSamePointAgain() {
    Histogram h = Histogram.builder().name("h").buckets(1, 2).build();
    h.observe(1.5);
    HistogramDataPoint first = point(h);
    assertThat(point(h)).isSameAs(first);
  }

  @Test
  void collect_afterAnObservation_showsIt_evenFromAnotherThread() throws InterruptedException {
    Histogram h = Histogram.builder().name("h").buckets(1, 2).build();
    h.observe(1.5);
    HistogramDataPoint first = point(h);
    Thread other = new Thread(() -> h.observe(0.5)); // its own stripe
    other.start();
    other.join();
    HistogramDataPoint second = point(h);
    assertThat(second).isNotSameAs(first);
    assertThat(second.count()).isEqualTo(2);
    assertThat(second.cumulativeCount(0)).isEqualTo(1);
    assertThat(second.sum()).isEqualTo(2.0);
    h.observe(3);
    assertThat(point(h).count()).isEqualTo(3);
    assertThat(first.count()).isEqualTo(1); // a point already handed out never changes
  }

  @Test
  void collect_nativeHistogram_afterAnObservation_showsIt() {
    Histogram h = Histogram.builder().name("h").nativeOnly().build();
    h.observe(1.5);
    HistogramDataPoint first = point(h);
    assertThat(point(h)).isSameAs(first);
    h.observe(-4);
    HistogramDataPoint second = point(h);
    assertThat(second.count()).isEqualTo(2);
    assertThat(second.nativeHistogram().negativeBucketCount()).isEqualTo(1);
    assertThat(second.nativeHistogram().negativeCount(0)).isEqualTo(1);
  }

  @Test
  void collect_afterANewExemplar_showsIt() {
    Histogram h = Histogram.builder().name("h").buckets(1, 2).build();
    h.observe(1.5);
    HistogramDataPoint first = point(h);
    h.observeWithExemplar(1.5, io.prom4j.model.Labels.of("trace_id", "abc"));
    HistogramDataPoint second = point(h);
    assertThat(second.exemplar(1)).isNotNull();
    assertThat(second.exemplar(1).labels().get("trace_id")).isEqualTo("abc");
    assertThat(point(h)).isSameAs(second);
  }
}
