package io.prom4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.exposition.TextFormat;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks compiling, runnable and fair: one short in-process run (not a measurement),
 * and proof that both libraries render the same series for the workload.
 */
class SmokeTest {

  @Test
  void counterIncrementBenchmarkRuns() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(UpdateBenchmark.class.getName() + ".prom4j_counterInc$")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200))
            .build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results).hasSize(1);
    assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
  }

  @Test
  void exemplarBenchmark_sampledSpanRuns_passTheirOwnExemplarCheck() throws Exception {
    // Through JMH: the span is made current by a thread state on the benchmark thread, and each
    // trial fails (failOnError) unless its metric shows the span's trace_id.
    Options options =
        new OptionsBuilder()
            .include(ExemplarBenchmark.class.getName() + ".*SampledSpan$")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results).hasSize(4);
  }

  @Test
  void exemplarBenchmark_onlyTheSampledSpanCasesRecordTheTraceId() {
    ExemplarBenchmark b = new ExemplarBenchmark();
    b.setUp();
    ExemplarBenchmark.SampledSpan span = new ExemplarBenchmark.SampledSpan();
    span.makeCurrent();
    try {
      b.prom4j_histogramSampledSpan(span);
      b.clientJava_histogramSampledSpan(span);
      b.prom4j_counterSampledSpan(span);
      b.clientJava_counterSampledSpan(span);
    } finally {
      span.close();
    }
    ExemplarBenchmark.NoSpan noSpan = new ExemplarBenchmark.NoSpan();
    noSpan.check();
    b.prom4j_histogramNoSpan(noSpan);
    b.clientJava_histogramNoSpan(noSpan);
    b.prom4j_counterNoSpan(noSpan);
    b.clientJava_counterNoSpan(noSpan);
    b.prom4j_histogramExemplarsOff(noSpan);
    b.clientJava_histogramExemplarsOff(noSpan);
    b.prom4j_counterExemplarsOff(noSpan);
    b.clientJava_counterExemplarsOff(noSpan);

    assertThat(tracedFamilies(b.prom4jOpenMetrics()))
        .containsExactly("counter_sampled_span", "histogram_sampled_span");
    assertThat(tracedFamilies(b.clientJavaOpenMetrics()))
        .containsExactly("counter_sampled_span", "histogram_sampled_span");
    assertThat(b.prom4jOpenMetrics())
        .contains("histogram_sampled_span_bucket{le=\"0.05\"} 1 # {")
        .contains("counter_sampled_span_total 1.0 # {");
  }

  /** The ExemplarBenchmark families with an exemplar of its trace id, in name order. */
  private static Set<String> tracedFamilies(String openMetrics) {
    Set<String> out = new TreeSet<>();
    for (String metric : new String[] {"histogram", "counter"}) {
      for (String c : new String[] {"exemplars_off", "no_span", "sampled_span"}) {
        String family = metric + "_" + c;
        if (ExemplarBenchmark.hasTraceExemplar(openMetrics, family)) {
          out.add(family);
        }
      }
    }
    return out;
  }

  @Test
  void textFormat_bothLibrariesRenderTheSameSeries() throws IOException {
    assertSameSeries(TextFormat.generateLatest(Registries.prom4j(1000)), clientJava(false));
    assertThat(seriesNames(TextFormat.generateLatest(Registries.prom4j(1000))))
        .contains("app_requests_0_total{path=\"/api/v1/resource/0\",status=\"500\"}");
  }

  @Test
  void openMetrics_bothLibrariesRenderTheSameSeries() throws IOException {
    assertSameSeries(OpenMetricsFormat.generateLatest(Registries.prom4j(1000)), clientJava(true));
    assertThat(seriesNames(OpenMetricsFormat.generateLatest(Registries.prom4j(1000))))
        .contains("app_requests_0_total{path=\"/api/v1/resource/0\",status=\"500\"}")
        .noneMatch(s -> s.contains("_created"));
  }

  @Test
  void protobuf_bothLibrariesWriteTheSameFamiliesAndSeries() throws IOException {
    ByteArrayOutputStream prom4j = new ByteArrayOutputStream();
    ContentNegotiation.negotiate(ExpositionBenchmark.PROTOBUF_ACCEPT)
        .write(prom4j, Registries.prom4j(1000, true));
    ByteArrayOutputStream clientJava = new ByteArrayOutputStream();
    Registries.clientJavaProtobufWriter()
        .write(clientJava, Registries.clientJava(1000, true).scrape());
    assertThat(protobufSeries(prom4j.toByteArray()))
        .isEqualTo(protobufSeries(clientJava.toByteArray()))
        .containsKey("app_requests_0_total");
  }

  /** Family name to series count, decoded with client_java's generated classes. */
  private static java.util.Map<String, Integer> protobufSeries(byte[] body) throws IOException {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    java.io.InputStream in = new java.io.ByteArrayInputStream(body);
    io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics
            .MetricFamily
        f;
    while ((f =
            io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics
                .MetricFamily.parseDelimitedFrom(in))
        != null) {
      out.put(f.getName(), f.getMetricCount());
    }
    return out;
  }

  private static void assertSameSeries(String prom4j, String clientJava) {
    Set<String> p = seriesNames(prom4j);
    Set<String> c = seriesNames(clientJava);
    Set<String> onlyProm4j = new TreeSet<>(p);
    onlyProm4j.removeAll(c);
    Set<String> onlyClientJava = new TreeSet<>(c);
    onlyClientJava.removeAll(p);
    assertThat(onlyProm4j).as("series only prom4j writes").isEmpty();
    assertThat(onlyClientJava).as("series only client_java writes").isEmpty();
  }

  private static String clientJava(boolean openMetrics) throws IOException {
    PrometheusRegistry registry = Registries.clientJava(1000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Registries.clientJavaWriter(openMetrics).write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The sample lines without their values: name and labels, with le values normalised. */
  private static Set<String> seriesNames(String exposition) {
    Set<String> out = new TreeSet<>();
    Arrays.stream(exposition.split("\n"))
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.substring(0, l.lastIndexOf(' ')))
        .map(l -> l.replaceAll("le=\"([0-9]+)\"", "le=\"$1.0\""))
        .forEach(out::add);
    return out;
  }
}
