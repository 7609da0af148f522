package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.Histogram;
import io.prom4j.exposition.ProtobufFormat;
import io.prom4j.push.PushGateway;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PushGateway} against a real Pushgateway: what each call leaves in the gateway, read back
 * through its query API and its protobuf exposition (see {@link PushgatewayServer}). Each test uses
 * job and metric names of its own, since the gateway checks every push against all groups.
 */
class PushGatewayIT {

  /** A DELETE is only queued when the gateway answers (202): poll for its effect. */
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir static Path dir;

  private static PushgatewayServer server;
  private static PushGateway gateway;

  @BeforeAll
  static void startGateway() {
    server = PushgatewayServer.start(dir, "PushGatewayIT");
    gateway = PushGateway.builder().address(server.address()).build();
  }

  @AfterAll
  static void stopGateway() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void push_everyMetricType_groupHoldsExactlyTheRegistrySamples() throws IOException {
    CollectorRegistry registry = InteropMetrics.create();
    double before = System.currentTimeMillis() / 1000.0;

    gateway.push(registry, "interop_all_types", Map.of("instance", "batch-1"));

    server.check(
        () -> {
          PushgatewayServer.Group group =
              server.group(Map.of("job", "interop_all_types", "instance", "batch-1"));
          assertThat(group).as("group").isNotNull();
          assertThat(group.series())
              .containsExactlyInAnyOrderEntriesOf(
                  TextSamples.canonical(InteropMetrics.expectedSeries(registry, false)));
          assertThat(group.series())
              .containsAllEntriesOf(TextSamples.canonical(InteropMetrics.HAND_WRITTEN));
          assertThat(group.types())
              .containsEntry("interop_requests_total", "COUNTER")
              .containsEntry("interop_temperature_celsius", "GAUGE")
              .containsEntry("interop_latency_seconds", "HISTOGRAM")
              .containsEntry("interop_rpc_duration_seconds", "SUMMARY")
              .containsEntry("interop_custom_value", "UNTYPED");
          assertThat(group.pushTime()).isGreaterThanOrEqualTo(Math.floor(before));
          // classic buckets and native part, created timestamp included, field for field
          assertThat(group.histograms())
              .containsOnlyKeys(pushedHistograms(registry).keySet())
              .isEqualTo(pushedHistograms(registry));
        });
  }

  @Test
  void push_defaultHistogram_scrapesKeepBothHalvesWhileTheApiShowsNativeBucketsOnly()
      throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Histogram latency =
        Histogram.builder()
            .name("interop_both_seconds")
            .help("Classic and native buckets.")
            .register(registry);
    for (double v : InteropMetrics.LATENCY_OBSERVATIONS) {
      latency.observe(v);
    }
    Map<SeriesKey, Double> classic =
        TextSamples.canonical(InteropMetrics.expectedSeries(registry, false));

    gateway.push(registry, "interop_both");

    server.check(
        () -> {
          // what Prometheus without native histograms scrapes: the classic buckets
          Map<SeriesKey, Double> text = new LinkedHashMap<>();
          server
              .scrapeText()
              .forEach(
                  (k, v) -> {
                    if ("interop_both".equals(k.labels().get("job"))
                        && !k.name().startsWith("push_")) {
                      Map<String, String> labels = new TreeMap<>(k.labels());
                      labels.remove("job");
                      labels.remove("instance");
                      text.put(new SeriesKey(k.name(), labels), v);
                    }
                  });
          assertThat(text).containsExactlyInAnyOrderEntriesOf(classic);
          // what Prometheus with native histograms scrapes: both halves, as pushed
          PushgatewayServer.Group group = server.group(Map.of("job", "interop_both"));
          assertThat(group.histograms()).isEqualTo(pushedHistograms(registry));
          assertThat(group.histograms().get(SeriesKey.of("interop_both_seconds")).getSchema())
              .isEqualTo(5);
          assertThat(group.series()).containsExactlyInAnyOrderEntriesOf(classic);
          // the query API: [boundaries, lower, upper, count] per populated native bucket, no "le"
          JsonNode metric = apiMetric("interop_both", "interop_both_seconds");
          assertThat(metric.path("count").asText()).isEqualTo("5");
          assertThat(metric.path("sum").asText()).isEqualTo("16.33203125");
          JsonNode buckets = metric.path("buckets");
          assertThat(buckets.isArray()).as("buckets %s", buckets).isTrue();
          assertThat(buckets).hasSize(InteropMetrics.LATENCY_OBSERVATIONS.length);
          for (int i = 0; i < buckets.size(); i++) {
            double v = InteropMetrics.LATENCY_OBSERVATIONS[i];
            JsonNode b = buckets.get(i);
            assertThat(Double.parseDouble(b.get(1).asText())).as("lower %s", b).isLessThan(v);
            assertThat(Double.parseDouble(b.get(2).asText()))
                .as("upper %s", b)
                .isGreaterThanOrEqualTo(v);
            assertThat(b.get(3).asText()).as("count %s", b).isEqualTo("1");
          }
        });
  }

  @Test
  void push_secondPush_replacesTheWholeGroup() throws IOException {
    Map<String, String> key = Map.of("instance", "i");
    gateway.push(registry(Map.of("interop_put_a", 1.0, "interop_put_b", 2.0)), "interop_put", key);

    gateway.push(registry(Map.of("interop_put_a", 10.0)), "interop_put", key);

    server.check(
        () ->
            assertThat(server.group(Map.of("job", "interop_put", "instance", "i")).series())
                .containsExactly(Map.entry(SeriesKey.of("interop_put_a"), 10.0)));
  }

  @Test
  void pushAdd_secondPush_replacesOnlyMetricsOfTheSameName() throws IOException {
    CollectorRegistry first = registry(Map.of("interop_post_b", 2.0));
    Gauge.builder()
        .name("interop_post_a")
        .help("A.")
        .labelNames("run")
        .register(first)
        .labels("1")
        .set(1);
    gateway.push(first, "interop_post");
    CollectorRegistry second = new CollectorRegistry();
    Gauge.builder()
        .name("interop_post_a")
        .help("A.")
        .labelNames("run")
        .register(second)
        .labels("2")
        .set(20);

    gateway.pushAdd(second, "interop_post");

    server.check(
        () ->
            assertThat(server.group(Map.of("job", "interop_post")).series())
                .containsOnly(
                    // the whole family interop_post_a is replaced: run="1" is gone
                    Map.entry(SeriesKey.of("interop_post_a", "run", "2"), 20.0),
                    Map.entry(SeriesKey.of("interop_post_b"), 2.0)));
  }

  @Test
  void delete_groupingKey_removesThatGroupOnly() throws IOException {
    CollectorRegistry registry = registry(Map.of("interop_delete_value", 1.0));
    gateway.push(registry, "interop_delete", Map.of("instance", "a"));
    gateway.push(registry, "interop_delete", Map.of("instance", "b"));
    gateway.push(registry, "interop_delete");

    gateway.delete("interop_delete", Map.of("instance", "a"));

    server.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  assertThat(server.group(Map.of("job", "interop_delete", "instance", "a")))
                      .isNull();
                  assertThat(server.group(Map.of("job", "interop_delete", "instance", "b")))
                      .isNotNull();
                  assertThat(server.group(Map.of("job", "interop_delete"))).isNotNull();
                }));

    gateway.delete("interop_delete");

    server.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  assertThat(server.group(Map.of("job", "interop_delete"))).isNull();
                  assertThat(server.group(Map.of("job", "interop_delete", "instance", "b")))
                      .isNotNull();
                }));
  }

  @Test
  void push_groupingKeyWithSlashEmptyAndSpecialValues_arrivesDecoded() throws IOException {
    Map<String, String> key = new HashMap<>();
    key.put("path", "/var/tmp");
    key.put("empty", "");
    key.put("spaces", "a b  c");
    key.put("unicode", "Προμηθεύς ✓");
    key.put("dot", ".");
    key.put("dots", "..");
    key.put("percent", "100%?#&=+");
    String job = "interop/slash job";
    Map<String, String> expected = new HashMap<>(key);
    expected.put("job", job);

    gateway.push(registry(Map.of("interop_key_value", 7.0)), job, key);

    server.check(
        () -> {
          PushgatewayServer.Group group = server.group(expected);
          assertThat(group).as("group %s in %s", expected, server.groups()).isNotNull();
          assertThat(group.series())
              .containsExactly(Map.entry(SeriesKey.of("interop_key_value"), 7.0));
        });

    gateway.delete(job, key);

    server.check(
        () -> Eventually.check(DEADLINE, () -> assertThat(server.group(expected)).isNull()));
  }

  @Test
  void push_typeInconsistentWithAnotherGroup_throwsIOExceptionWithTheGatewaysMessage()
      throws IOException {
    CollectorRegistry counter = new CollectorRegistry();
    Counter.builder().name("interop_conflict").help("C.").register(counter).inc();
    gateway.push(counter, "interop_conflict_a");
    CollectorRegistry gauge = registry(Map.of("interop_conflict_total", 5.0));

    assertThatThrownBy(() -> gateway.push(gauge, "interop_conflict_b"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "Pushgateway answered HTTP 400 to PUT http://"
                + server.address()
                + "/metrics/job/interop_conflict_b: pushed metrics are invalid or inconsistent"
                + " with existing metrics: ")
        .hasMessageContaining("interop_conflict_total");

    server.check(
        () -> {
          PushgatewayServer.Group b = server.group(Map.of("job", "interop_conflict_b"));
          assertThat(b == null ? Map.of() : b.series()).as("group b's series").isEmpty();
          assertThat(server.group(Map.of("job", "interop_conflict_a")).series())
              .containsExactly(Map.entry(SeriesKey.of("interop_conflict_total"), 1.0));
        });
  }

  @Test
  void push_invalidLabelName_throwsIllegalArgumentAndTheGatewayNeverSeesIt() {
    assertThatThrownBy(
            () ->
                gateway.push(
                    registry(Map.of("interop_invalid", 1.0)),
                    "interop_invalid",
                    Map.of("a-b", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"a-b\"");

    server.check(
        () ->
            assertThat(server.groups())
                .noneMatch(g -> "interop_invalid".equals(g.labels().get("job"))));
  }

  /**
   * The histograms prom4j pushes for {@code registry}, read with client_java's protobuf classes:
   * family name and labels to the histogram.
   */
  private static Map<SeriesKey, Metrics.Histogram> pushedHistograms(CollectorRegistry registry) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Map<SeriesKey, Metrics.Histogram> out = new LinkedHashMap<>();
    try {
      ProtobufFormat.standard().write(body, registry);
      ByteArrayInputStream in = new ByteArrayInputStream(body.toByteArray());
      Metrics.MetricFamily f;
      while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
        for (Metrics.Metric m : f.getMetricList()) {
          if (m.hasHistogram()) {
            Map<String, String> labels = new TreeMap<>();
            m.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
            out.put(new SeriesKey(f.getName(), labels), m.getHistogram());
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** The query API's first metric of {@code family} in the group of job {@code job} alone. */
  private static JsonNode apiMetric(String job, String family) {
    for (JsonNode g : server.api().path("data")) {
      JsonNode labels = g.path("labels");
      if (labels.size() == 1 && job.equals(labels.path("job").asText())) {
        return g.path(family).path("metrics").path(0);
      }
    }
    throw new AssertionError("no group {job=" + job + "} in the API's answer");
  }

  /** A registry with one unlabelled gauge per entry. */
  private static CollectorRegistry registry(Map<String, Double> gauges) {
    CollectorRegistry registry = new CollectorRegistry();
    gauges.forEach(
        (name, value) ->
            Gauge.builder().name(name).help("Gauge " + name + ".").register(registry).set(value));
    return registry;
  }
}
