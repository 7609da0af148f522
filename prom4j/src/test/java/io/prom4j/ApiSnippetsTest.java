package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The metric and registry snippets of api.md, as written there, with their documented effect. They
 * register in a fresh registry (api.md's {@code register()} becomes {@code register(registry)}),
 * except one test that uses the default registry.
 */
class ApiSnippetsTest {

  private final CollectorRegistry registry = new CollectorRegistry();
  private final Queue<String> queue = new ArrayDeque<>();
  private int workDone;

  private void work() {
    workDone++;
  }

  @Test
  void counterSnippet() {
    Counter requests =
        Counter.builder()
            .name("myapp_requests")
            .help("Requests served.")
            .labelNames("method", "code") // optional
            .unit("seconds") // optional, appended as a suffix
            .register(registry);
    requests.labels("GET", "200").inc(); // child for one label set; cached, safe to keep
    requests.labels("GET", "200").inc(2.5);
    assertThat(
            registry.getSampleValue(
                "myapp_requests_seconds_total", Map.of("method", "GET", "code", "200")))
        .isEqualTo(3.5);
    assertThatThrownBy(() -> requests.labels("GET", "200").inc(-1))
        .isInstanceOf(IllegalArgumentException.class);
    requests.labels("POST", "500").inc();
    requests.remove("GET", "200");
    assertThat(
            registry.getSampleValue(
                "myapp_requests_seconds_total", Map.of("method", "GET", "code", "200")))
        .isNull();
    requests.clear();
    assertThat(requests.collect().get(0).points()).isEmpty();

    Counter plain = Counter.builder().name("jobs").help("Jobs.").register(registry);
    plain.inc(); // unlabelled metrics update directly
    assertThat(registry.getSampleValue("jobs_total")).isEqualTo(1.0);
  }

  @Test
  void gaugeSnippet() {
    Gauge g = Gauge.builder().name("queue_size").help("Items queued.").register(registry);
    g.set(3);
    g.inc();
    g.dec(2);
    assertThat(registry.getSampleValue("queue_size")).isEqualTo(2.0);
    double before = System.currentTimeMillis() / 1000.0;
    g.setToCurrentTime();
    double after = System.currentTimeMillis() / 1000.0;
    assertThat(registry.getSampleValue("queue_size")).isBetween(before - 1, after + 1);
    g.setFunction(() -> queue.size()); // value computed at scrape time
    queue.add("job");
    assertThat(registry.getSampleValue("queue_size")).isEqualTo(1.0);
  }

  @Test
  @SuppressWarnings("try") // the snippet's timer variable is unused on purpose
  void histogramSnippet() {
    Histogram h =
        Histogram.builder()
            .name("latency_seconds")
            .help("Latency.")
            .buckets(0.1, 0.5, 1, 5)
            .register(registry);
    h.observe(0.42);
    try (var t = h.startTimer()) {
      work();
    }
    assertThat(workDone).isEqualTo(1);
    assertThat(registry.getSampleValue("latency_seconds_count")).isEqualTo(2.0);
    assertThat(registry.getSampleValue("latency_seconds_bucket", Map.of("le", "0.1")))
        .isLessThanOrEqualTo(1.0); // 0.42 is not in it; the timed block may be
    assertThat(registry.getSampleValue("latency_seconds_bucket", Map.of("le", "0.5")))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(registry.getSampleValue("latency_seconds_bucket", Map.of("le", "+Inf")))
        .isEqualTo(2.0);
  }

  @Test
  @SuppressWarnings("try") // the snippet's timer variable is unused on purpose
  void summaryAndGaugeTimeTheSameWay() {
    Summary s = Summary.builder().name("payload_bytes").help("Payload size.").register(registry);
    s.observe(512);
    assertThat(registry.getSampleValue("payload_bytes_count")).isEqualTo(1.0);
    assertThat(registry.getSampleValue("payload_bytes_sum")).isEqualTo(512.0);
    try (var t = s.startTimer()) {
      work();
    }
    assertThat(registry.getSampleValue("payload_bytes_count")).isEqualTo(2.0);

    Gauge last = Gauge.builder().name("last_run_seconds").register(registry);
    try (var t = last.startTimer()) {
      work();
    }
    assertThat(registry.getSampleValue("last_run_seconds")).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void infoSnippet() {
    Info build = Info.builder().name("myapp_build").help("Build info.").register(registry);
    build.info(Map.of("version", "1.2.3", "revision", "abc"));
    assertThat(
            registry.getSampleValue(
                "myapp_build_info", Map.of("version", "1.2.3", "revision", "abc")))
        .isEqualTo(1.0);
  }

  @Test
  void stateSetSnippet() {
    StateSet state =
        StateSet.builder()
            .name("myapp_state")
            .help("State.")
            .states("starting", "running", "stopped")
            .register(registry); // Python's Enum
    state.state("running");
    assertThat(registry.getSampleValue("myapp_state", Map.of("myapp_state", "running")))
        .isEqualTo(1.0);
    assertThat(registry.getSampleValue("myapp_state", Map.of("myapp_state", "starting")))
        .isEqualTo(0.0);
  }

  @Test
  void registrySnippet() {
    CollectorRegistry registry = new CollectorRegistry();
    Collector collector =
        () ->
            List.of(
                new MetricFamily(
                    "queue_size",
                    "Items queued.",
                    MetricType.GAUGE,
                    "",
                    List.of(GaugeDataPoint.of(Labels.EMPTY, queue.size()))));
    registry.register(collector); // duplicate time series -> IllegalArgumentException
    assertThatThrownBy(() -> registry.register(Gauge.builder().name("queue_size").build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.getSampleValue("queue_size")).isEqualTo(0.0);
    registry.unregister(collector);
    assertThat(registry.getSampleValue("queue_size")).isNull();

    Counter requests =
        Counter.builder().name("myapp_requests").labelNames("method", "code").register(registry);
    requests.labels("GET", "200").inc();
    assertThat(
            registry.getSampleValue("myapp_requests_total", Map.of("method", "GET", "code", "200")))
        .isEqualTo(1.0); // Double or null
    assertThat(
            registry.getSampleValue("myapp_requests_total", Map.of("method", "PUT", "code", "200")))
        .isNull();
  }

  @Test
  void defaultRegistrySnippet_registerWithoutArgumentUsesDefaultRegistry() {
    Counter requests =
        Counter.builder()
            .name("apisnippets_default_requests")
            .help("Requests served.")
            .labelNames("method", "code")
            .register();
    try {
      requests.labels("GET", "200").inc();
      assertThat(
              CollectorRegistry.defaultRegistry()
                  .getSampleValue(
                      "apisnippets_default_requests_total", Map.of("method", "GET", "code", "200")))
          .isEqualTo(1.0);
    } finally {
      CollectorRegistry.defaultRegistry().unregister(requests);
    }
    assertThat(
            CollectorRegistry.defaultRegistry()
                .getSampleValue(
                    "apisnippets_default_requests_total", Map.of("method", "GET", "code", "200")))
        .isNull();
  }
}
