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
