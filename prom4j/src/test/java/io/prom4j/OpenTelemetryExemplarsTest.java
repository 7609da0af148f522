package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Automatic exemplars from the real OpenTelemetry SDK's current span. */
@SuppressWarnings("try") // each Scope exists only to be closed: that ends the span's currency
class OpenTelemetryExemplarsTest {

  private final List<SpanData> ended = new CopyOnWriteArrayList<>();
  private final SdkTracerProvider sampled = provider(Sampler.alwaysOn());
  private final SdkTracerProvider unsampled = provider(Sampler.alwaysOff());
  private final TestClock clock = TestClock.atMillis(1_700_000_000_000L);
  private final ExemplarSampler.Ticker ticker = new ExemplarSampler.Ticker();

  private SdkTracerProvider provider(Sampler sampler) {
    SpanExporter exporter =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            ended.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    return SdkTracerProvider.builder()
        .setSampler(sampler)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  @AfterEach
  void close() {
    sampled.close();
    unsampled.close();
  }

  private Counter counter() {
    return Counter.builder().name("requests").clock(clock).exemplarTicker(ticker).build();
  }

  private Histogram histogram() {
    return Histogram.builder()
        .name("latency")
        .buckets(0.1, 1)
        .clock(clock)
        .exemplarTicker(ticker)
        .build();
  }

  private static Counter.Child child(Counter c) {
    return (Counter.Child) c.collect().get(0).points().get(0);
  }

  private static HistogramDataPoint point(Histogram h) {
    return (HistogramDataPoint) h.collect().get(0).points().get(0);
  }

  private static Labels ids(Span span) {
    return Labels.of(
        "trace_id", span.getSpanContext().getTraceId(),
        "span_id", span.getSpanContext().getSpanId());
  }

  @Test
  void probe_findsTheApplicationsOpenTelemetryApi() {
    assertThat(OpenTelemetrySpans.CURRENT).isNotNull();
    assertThat(OpenTelemetrySpans.CURRENT.spanClass()).isEqualTo(OpenTelemetrySpans.API_SPAN);
  }

  @Test
  void probe_missingClass_meansNoTracer() {
    assertThat(OpenTelemetrySpans.probe(OpenTelemetrySpans.AGENT_SPAN, getClass().getClassLoader()))
        .isNull();
    assertThat(OpenTelemetrySpans.probe("no.such.Span", getClass().getClassLoader())).isNull();
    assertThat(OpenTelemetrySpans.probe("java.lang.String", getClass().getClassLoader())).isNull();
  }

  @Test
  void inc_sampledSpan_recordsTraceAndSpanIdAndMarksTheSpan() {
    Counter c = counter();
    Tracer tracer = sampled.get("test");
    Span span = tracer.spanBuilder("request").startSpan();
    try (Scope unused = span.makeCurrent()) {
      c.inc();
    } finally {
      span.end();
    }
    assertThat(child(c).exemplar()).isEqualTo(new Exemplar(ids(span), 1, 1_700_000_000.0));
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).getAttributes().get(AttributeKey.stringKey("exemplar")))
        .isEqualTo("true");
  }

  @Test
  void observe_sampledSpan_recordsInTheBucketOfTheValue() {
    Histogram h = histogram();
    Span span = sampled.get("test").spanBuilder("request").startSpan();
    try (Scope unused = span.makeCurrent()) {
      h.observe(0.5);
    } finally {
      span.end();
    }
    HistogramDataPoint p = point(h);
    assertThat(p.exemplar(0)).isNull();
    assertThat(p.exemplar(1)).isEqualTo(new Exemplar(ids(span), 0.5, 1_700_000_000.0));
    assertThat(p.exemplar(2)).isNull();
  }

  @Test
  void observe_unsampledSpan_recordsNothing() {
    Histogram h = histogram();
    Counter c = counter();
    Span span = unsampled.get("test").spanBuilder("request").startSpan();
    try (Scope unused = span.makeCurrent()) {
      h.observe(0.5);
      c.inc();
    } finally {
      span.end();
    }
    assertThat(point(h).exemplar(1)).isNull();
    assertThat(child(c).exemplar()).isNull();
  }

  @Test
  void observe_noSpan_recordsNothing() {
    Histogram h = histogram();
    h.observe(0.5);
    assertThat(point(h).exemplar(1)).isNull();
    assertThat(point(h).count()).isEqualTo(1);
  }

  @Test
  void observe_spanCurrentOnAnotherThreadOnly_recordsOnlyThere() throws Exception {
    Histogram h = histogram();
    Counter c = counter();
    Span span = sampled.get("test").spanBuilder("elsewhere").startSpan();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      other
          .submit(
              () -> {
                try (Scope unused = span.makeCurrent()) {
                  ticker.tick();
                }
              })
          .get(10, TimeUnit.SECONDS);
      h.observe(0.05); // this thread has no span
      c.inc();
      assertThat(point(h).exemplar(0)).isNull();
      assertThat(child(c).exemplar()).isNull();
      ticker.tick();
      other
          .submit(
              () -> {
                try (Scope unused = span.makeCurrent()) {
                  h.observe(0.05);
                  c.inc(2);
                }
              })
          .get(10, TimeUnit.SECONDS);
    } finally {
      other.shutdownNow();
      span.end();
    }
    assertThat(point(h).exemplar(0).labels()).isEqualTo(ids(span));
    assertThat(child(c).exemplar().value()).isEqualTo(2);
  }

  @Test
  void inc_rateLimit_onePerTickAndKeptSevenSeconds() {
    Counter c = counter();
    Tracer tracer = sampled.get("test");
    Span first = tracer.spanBuilder("first").startSpan();
    try (Scope unused = first.makeCurrent()) {
      c.inc();
    }
    first.end();
    Span second = tracer.spanBuilder("second").startSpan();
    try (Scope unused = second.makeCurrent()) {
      clock.advance(Duration.ofSeconds(60));
      c.inc(); // same tick: not even looked at
      assertThat(child(c).exemplar().labels()).isEqualTo(ids(first));

      clock.advance(Duration.ofSeconds(-54)); // 6 s after the first
      ticker.tick();
      c.inc(); // a new tick, but the kept one is younger than 7 s
      assertThat(child(c).exemplar().labels()).isEqualTo(ids(first));

      clock.advance(Duration.ofSeconds(1)); // 7 s
      c.inc(); // the previous attempt used this tick
      assertThat(child(c).exemplar().labels()).isEqualTo(ids(first));
      ticker.tick();
      c.inc(3);
      assertThat(child(c).exemplar()).isEqualTo(new Exemplar(ids(second), 3, 1_700_000_007.0));
    } finally {
      second.end();
    }
    assertThat(child(c).value()).isEqualTo(7);
  }

  @Test
  void inc_rateLimit_isPerSeries_eachLabelledChildSamplesInTheSameTick() {
    Counter c =
        Counter.builder()
            .name("requests")
            .labelNames("path")
            .clock(clock)
            .exemplarTicker(ticker)
            .build();
    Span span = sampled.get("test").spanBuilder("one").startSpan();
    try (Scope unused = span.makeCurrent()) {
      c.labels("/a").inc();
      c.labels("/b").inc(2); // the same tick: /a's attempt does not use up /b's
      c.labels("/a").inc(); // /a's attempt of this tick is used
    } finally {
      span.end();
    }
    assertThat(c.labels("/a").exemplar()).isEqualTo(new Exemplar(ids(span), 1, 1_700_000_000.0));
    assertThat(c.labels("/b").exemplar()).isEqualTo(new Exemplar(ids(span), 2, 1_700_000_000.0));
  }

  @Test
  void observe_rateLimit_isPerSeries_eachLabelledChildSamplesInTheSameTick() {
    Histogram h =
        Histogram.builder()
            .name("latency")
            .labelNames("path")
            .buckets(0.1, 1)
            .clock(clock)
            .exemplarTicker(ticker)
            .build();
    Span span = sampled.get("test").spanBuilder("one").startSpan();
    try (Scope unused = span.makeCurrent()) {
      h.labels("/a").observe(0.5);
      h.labels("/b").observe(0.5);
    } finally {
      span.end();
    }
    for (DataPoint p : h.collect().get(0).points()) {
      HistogramDataPoint hp = (HistogramDataPoint) p;
      assertThat(hp.exemplar(1)).as(hp.labels().toString()).isNotNull();
    }
  }

  @Test
  void ticker_stopsAfterSeventySecondsWithoutUpdates_andTheNextUpdateSamplesAndRestartsIt() {
    Counter c = counter();
    Tracer tracer = sampled.get("test");
    Span first = tracer.spanBuilder("first").startSpan();
    try (Scope unused = first.makeCurrent()) {
      c.inc(); // due: this counter's first update
    }
    first.end();
    for (int i = 0; i < ExemplarSampler.Ticker.IDLE_TICKS; i++) {
      assertThat(ticker.tick()).as("tick %d", i).isTrue();
    }
    assertThat(ticker.tick()).as("a tick past 70 s of no demand").isFalse();
    assertThat(ticker.stopped()).isTrue();

    Span second = tracer.spanBuilder("second").startSpan();
    try (Scope unused = second.makeCurrent()) {
      clock.advance(Duration.ofSeconds(71));
      c.inc(); // the stop moved the epoch once more, so this update is due
    } finally {
      second.end();
    }
    assertThat(ticker.stopped()).isFalse();
    assertThat(child(c).exemplar().labels()).isEqualTo(ids(second));
    assertThat(ticker.tick()).isTrue();
  }

  @Test
  void inc_explicitExemplar_alwaysReplacesEvenAYoungAutomaticOne() {
    Counter c = counter();
    Span span = sampled.get("test").spanBuilder("request").startSpan();
    try (Scope unused = span.makeCurrent()) {
      c.inc();
      c.incWithExemplar(1, Labels.of("trace_id", "explicit"));
    } finally {
      span.end();
    }
    assertThat(child(c).exemplar().labels()).isEqualTo(Labels.of("trace_id", "explicit"));
  }

  @Test
  void exemplarsFalse_sampledSpan_recordsOnlyExplicitOnes() {
    Histogram h =
        Histogram.builder().name("h").buckets(1).exemplars(false).exemplarTicker(ticker).build();
    Counter c = Counter.builder().name("c").exemplars(false).exemplarTicker(ticker).build();
    Span span = sampled.get("test").spanBuilder("request").startSpan();
    try (Scope unused = span.makeCurrent()) {
      h.observe(0.5);
      c.inc();
      assertThat(point(h).exemplar(0)).isNull();
      assertThat(child(c).exemplar()).isNull();
      h.observeWithExemplar(0.5, Labels.of("trace_id", "x"));
      assertThat(point(h).exemplar(0).labels()).isEqualTo(Labels.of("trace_id", "x"));
    } finally {
      span.end();
    }
  }

  @Test
  void observe_nativeOnly_keepsTheExtremesOnceSevenSecondsOld() {
    Histogram h =
        Histogram.builder().name("h").nativeOnly().clock(clock).exemplarTicker(ticker).build();
    Tracer tracer = sampled.get("test");
    double[] values = {5, 1, 3, 4, 0.5, 9, 2};
    for (double v : values) {
      Span span = tracer.spanBuilder("r").startSpan();
      try (Scope unused = span.makeCurrent()) {
        ticker.tick();
        h.observe(v);
      } finally {
        span.end();
      }
      clock.advance(Duration.ofSeconds(8));
    }
    HistogramDataPoint p = point(h);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.nativeExemplarCount(); i++) {
      min = Math.min(min, p.nativeExemplar(i).value());
      max = Math.max(max, p.nativeExemplar(i).value());
    }
    assertThat(p.nativeExemplarCount()).isEqualTo(4);
    assertThat(min).isEqualTo(0.5);
    assertThat(max).isEqualTo(9);
    assertThat(p.count()).isEqualTo(values.length);
  }
}
