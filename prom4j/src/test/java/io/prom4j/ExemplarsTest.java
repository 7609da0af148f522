package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.exposition.ProtobufFormat;
import io.prom4j.exposition.TextFormat;
import io.prom4j.model.Exemplar;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Explicit exemplars: {@code incWithExemplar} and {@code observeWithExemplar}. */
class ExemplarsTest {

  private final TestClock clock = TestClock.atMillis(1_520_879_607_789L);
  private final CollectorRegistry registry = new CollectorRegistry();

  private static String chars(int n) {
    return "x".repeat(n);
  }

  private static HistogramDataPoint point(Histogram h) {
    return (HistogramDataPoint) h.collect().get(0).points().get(0);
  }

  private List<Metrics.MetricFamily> protobuf() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProtobufFormat.standard().write(out, registry);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    List<Metrics.MetricFamily> families = new ArrayList<>();
    Metrics.MetricFamily f;
    while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      families.add(f);
    }
    return families;
  }

  @Test
  void incWithExemplar_openMetrics_onTotalSampleWithClockTimestamp() {
    Counter c = Counter.builder().name("requests").help("R.").clock(clock).register(registry);
    c.incWithExemplar(2, Labels.of("trace_id", "oHg5SJYRHA0"));
    assertThat(OpenMetricsFormat.standard().render(registry))
        .isEqualTo(
            """
            # HELP requests R.
            # TYPE requests counter
            requests_total 2.0 # {trace_id="oHg5SJYRHA0"} 2.0 1.520879607789e+09
            # EOF
            """);
  }

  @Test
  void incWithExemplar_text004And100_showNoExemplar() {
    Counter c = Counter.builder().name("requests").help("R.").clock(clock).register(registry);
    c.incWithExemplar(1, Labels.of("trace_id", "abc"));
    assertThat(TextFormat.v004().render(registry)).doesNotContain("trace_id").contains("1.0\n");
    assertThat(TextFormat.builder().build().render(registry)).doesNotContain("trace_id");
  }

  @Test
  void incWithExemplar_labelledChild_replacesOnlyThatChildsExemplar() {
    Counter c = Counter.builder().name("requests").labelNames("code").clock(clock).build();
    c.labels("200").incWithExemplar(1, Labels.of("trace_id", "a"));
    c.labels("500").incWithExemplar(1, Labels.of("trace_id", "b"));
    c.labels("200").incWithExemplar(3, Labels.of("trace_id", "c"));
    assertThat(c.labels("200").exemplar())
        .isEqualTo(new Exemplar(Labels.of("trace_id", "c"), 3, 1_520_879_607.789));
    assertThat(c.labels("500").exemplar().labels()).isEqualTo(Labels.of("trace_id", "b"));
    assertThat(c.labels("200").value()).isEqualTo(4);
  }

  @Test
  void incWithExemplar_128CodePoints_isAccepted() {
    Counter c = Counter.builder().name("c").build();
    c.incWithExemplar(1, Labels.of("trace_id", chars(120))); // 8 + 120
    c.incWithExemplar(1, Labels.of("é", "😀".repeat(127))); // code points, not chars or bytes
    Counter.Child child = (Counter.Child) c.collect().get(0).points().get(0);
    assertThat(child.exemplar().labels().name(0)).isEqualTo("é");
    assertThat(child.value()).isEqualTo(2);
  }

  @Test
  void incWithExemplar_129CodePoints_throwsNamingCountAndRuleAndCountsNothing() {
    Counter c = Counter.builder().name("c").build();
    assertThatThrownBy(() -> c.incWithExemplar(1, Labels.of("trace_id", chars(121))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("129 code points")
        .hasMessageContaining("limit of 128");
    assertThat(((Counter.Child) c.collect().get(0).points().get(0)).value()).isZero();
  }

  @Test
  void incWithExemplar_nullLabelsOrNegativeAmount_throw() {
    Counter c = Counter.builder().name("c").build();
    assertThatThrownBy(() -> c.incWithExemplar(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("exemplarLabels");
    assertThatThrownBy(() -> c.incWithExemplar(-1, Labels.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void incWithExemplar_onLabelledMetric_throwsIllegalState() {
    Counter c = Counter.builder().name("c").labelNames("a").build();
    assertThatThrownBy(() -> c.incWithExemplar(1, Labels.EMPTY))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void observeWithExemplar_openMetrics_onTheBucketHoldingTheValueOnly() {
    Histogram h =
        Histogram.builder()
            .name("latency_seconds")
            .help("L.")
            .buckets(0.1, 1)
            .clock(clock)
            .register(registry);
    h.observeWithExemplar(0.5, Labels.of("trace_id", "a"));
    h.observeWithExemplar(1, Labels.of("trace_id", "b")); // on the bound: bucket le=1
    h.observeWithExemplar(7, Labels.of("trace_id", "c"));
    assertThat(OpenMetricsFormat.standard().render(registry))
        .isEqualTo(
            """
            # HELP latency_seconds L.
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 0
            latency_seconds_bucket{le="1.0"} 2 # {trace_id="b"} 1.0 1.520879607789e+09
            latency_seconds_bucket{le="+Inf"} 3 # {trace_id="c"} 7.0 1.520879607789e+09
            latency_seconds_count 3
            latency_seconds_sum 8.5
            # EOF
            """);
    assertThat(TextFormat.v004().render(registry)).doesNotContain("#  {").doesNotContain("trace");
  }

  @Test
  void observeWithExemplar_classicOnlyChild_keepsLatestPerBucket() {
    Histogram h = Histogram.builder().name("h").labelNames("m").buckets(1, 2).classicOnly().build();
    h.labels("GET").observeWithExemplar(1.5, Labels.of("trace_id", "a"));
    h.labels("GET").observeWithExemplar(1.2, Labels.of("trace_id", "b"));
    HistogramDataPoint p = (HistogramDataPoint) h.collect().get(0).points().get(0);
    assertThat(p.exemplar(0)).isNull();
    assertThat(p.exemplar(1).labels()).isEqualTo(Labels.of("trace_id", "b"));
    assertThat(p.exemplar(2)).isNull();
    assertThat(p.count()).isEqualTo(2);
  }

  @Test
  void observeWithExemplar_badInput_throwsAndCountsNothing() {
    Histogram h = Histogram.builder().name("h").build();
    assertThatThrownBy(() -> h.observeWithExemplar(Double.NaN, Labels.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> h.observeWithExemplar(1, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> h.observeWithExemplar(1, Labels.of("a", chars(200))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("201 code points")
        .hasMessageContaining("128");
    assertThat(point(h).count()).isZero();
  }

  @Test
  void observeWithExemplar_nativeOnly_keepsFourReplacingTheOldest() {
    Histogram h = Histogram.builder().name("h").nativeOnly().clock(clock).build();
    for (int i = 1; i <= 5; i++) {
      h.observeWithExemplar(i, Labels.of("trace_id", "t" + i));
      clock.advance(Duration.ofSeconds(1));
    }
    HistogramDataPoint p = point(h);
    assertThat(p.bucketCount()).isZero();
    assertThat(p.nativeExemplarCount()).isEqualTo(4);
    List<String> traces = new ArrayList<>();
    for (int i = 0; i < p.nativeExemplarCount(); i++) {
      traces.add(p.nativeExemplar(i).labels().get("trace_id"));
    }
    assertThat(traces).containsExactlyInAnyOrder("t2", "t3", "t4", "t5");
  }

  @Test
  void protobuf_counterClassicBucketAndNativeExemplars_carryTimestamps() throws IOException {
    Counter c = Counter.builder().name("requests").clock(clock).register(registry);
    c.incWithExemplar(1, Labels.of("trace_id", "c1"));
    Histogram h =
        Histogram.builder().name("latency").buckets(0.1, 1).clock(clock).register(registry);
    h.observeWithExemplar(0.5, Labels.of("trace_id", "h1"));
    Histogram n = Histogram.builder().name("rpc").nativeOnly().clock(clock).register(registry);
    n.observeWithExemplar(0.3, Labels.of("trace_id", "n1"));

    List<Metrics.MetricFamily> families = protobuf();
    Metrics.Exemplar counter = families.get(0).getMetric(0).getCounter().getExemplar();
    assertThat(counter.getLabel(0).getValue()).isEqualTo("c1");
    assertThat(counter.getTimestamp().getSeconds()).isEqualTo(1_520_879_607L);
    assertThat(counter.getTimestamp().getNanos()).isEqualTo(789_000_000);

    Metrics.Histogram classic = families.get(1).getMetric(0).getHistogram();
    assertThat(classic.getBucket(1).getExemplar().getLabel(0).getValue()).isEqualTo("h1");
    assertThat(classic.getBucket(1).getExemplar().getValue()).isEqualTo(0.5);
    assertThat(classic.getExemplarsList()).hasSize(1); // field 16: the classic ones, timestamped
    assertThat(classic.getExemplars(0).getTimestamp().getSeconds()).isEqualTo(1_520_879_607L);

    Metrics.Histogram nativeOnly = families.get(2).getMetric(0).getHistogram();
    assertThat(nativeOnly.getBucketCount()).isZero();
    assertThat(nativeOnly.getExemplarsList()).hasSize(1);
    assertThat(nativeOnly.getExemplars(0).getLabel(0).getValue()).isEqualTo("n1");
    assertThat(nativeOnly.getExemplars(0).hasTimestamp()).isTrue();
  }
}
