package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import io.prom4j.interop.PrometheusServer.Series;
import io.prom4j.interop.PrometheusServer.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One real Prometheus scrapes five prom4j servers that serve the same {@link InteropMetrics}
 * registry: plain HTTP with the default scrape protocols, with OpenMetrics only, with text 0.0.4
 * only, HTTPS, and mutual TLS. What Prometheus stored is read back through its API.
 */
class PrometheusScrapeIT {

  /**
   * The scrape jobs. {@code withCreated}: whether the stored series include {@code _created}
   * series. Prometheus (2.x, and 3.x without created-timestamp ingestion) would store OpenMetrics'
   * {@code _created} lines as ordinary series; both text formats write none by default, as the Go
   * and Java clients do, so no job stores any.
   */
  enum Job {
    PLAIN_DEFAULT("plain-default", false),
    PLAIN_OPENMETRICS("plain-openmetrics", false),
    PLAIN_TEXT("plain-text", false),
    HTTPS("https", false),
    MUTUAL_TLS("mutual-tls", false);

    final String jobName;
    final boolean withCreated;

    Job(String jobName, boolean withCreated) {
      this.jobName = jobName;
      this.withCreated = withCreated;
    }

    @Override
    public String toString() {
      return jobName;
    }
  }

  /** Scrapes run every second: a target is up and stored within a few seconds. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir static Path dir;

  private static CollectorRegistry registry;
  private static final List<MetricsServer> servers = new ArrayList<>();
  private static PrometheusServer prometheus;

  @BeforeAll
  static void startServersAndPrometheus() {
    Tools.require(Tools.Tool.PROMETHEUS);
    TestCertificates certs = TestCertificates.generate(dir.resolve("certs"));
    registry = InteropMetrics.create();
    int plainDefault = start(b -> b);
    int plainOpenMetrics = start(b -> b);
    int plainText = start(b -> b);
    int https = start(b -> b.certFile(certs.serverChain()).keyFile(certs.serverKey()));
    int mutualTls =
        start(
            b ->
                b.certFile(certs.serverChain())
                    .keyFile(certs.serverKey())
                    .clientAuthRequired(true)
                    .clientCaFile(certs.clientCa()));
    prometheus =
        PrometheusServer.start(
            dir.resolve("prometheus"),
            "PrometheusScrapeIT",
            List.of(
                ScrapeJob.http(Job.PLAIN_DEFAULT.jobName, plainDefault),
                ScrapeJob.http(Job.PLAIN_OPENMETRICS.jobName, plainOpenMetrics)
                    .protocols("OpenMetricsText1.0.0"),
                ScrapeJob.http(Job.PLAIN_TEXT.jobName, plainText).protocols("PrometheusText0.0.4"),
                ScrapeJob.https(Job.HTTPS.jobName, https, certs.rootCa()),
                ScrapeJob.https(Job.MUTUAL_TLS.jobName, mutualTls, certs.rootCa())
                    .clientCertificate(certs.clientCert(), certs.clientKey())));
  }

  @AfterAll
  static void stopAll() {
    if (prometheus != null) {
      prometheus.close();
    }
    for (MetricsServer s : servers) {
      s.close();
    }
  }

  @Test
  void everyTarget_isUpWithEmptyLastError() {
    prometheus.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  List<Target> targets = prometheus.targets();
                  assertThat(targets)
                      .extracting(Target::job)
                      .containsExactlyInAnyOrder(
                          Arrays.stream(Job.values()).map(j -> j.jobName).toArray(String[]::new));
                  for (Target t : targets) {
                    assertThat(t.lastError()).as("lastError of %s", t.job()).isEmpty();
                    assertThat(t.health()).as("health of %s", t.job()).isEqualTo("up");
                  }
                  Map<String, Double> up = new HashMap<>();
                  for (Series s : prometheus.query("up")) {
                    up.put(s.labels().get("job"), s.value());
                  }
                  for (Job job : Job.values()) {
                    assertThat(up).as("up").containsEntry(job.jobName, 1.0);
                  }
                }));
  }

  @ParameterizedTest
  @EnumSource(Job.class)
  void storedSeries_areExactlyTheRegistrySamples(Job job) {
    Map<SeriesKey, Double> expected = InteropMetrics.expectedSeries(registry, job.withCreated);
    prometheus.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> assertThat(storedSeries(job)).containsExactlyInAnyOrderEntriesOf(expected)));
  }

  @ParameterizedTest
  @EnumSource(Job.class)
  void storedValues_areTheValuesSet(Job job) {
    // NaN, +Inf and -Inf included: Double.equals treats NaN as equal to NaN
    prometheus.check(
        () ->
            Eventually.check(
                DEADLINE,
                () ->
                    assertThat(storedSeries(job))
                        .containsAllEntriesOf(InteropMetrics.HAND_WRITTEN)));
  }

  @ParameterizedTest
  @EnumSource(Job.class)
  void labelMatcher_withTheEscapedValue_findsTheSeries(Job job) {
    // Prometheus must have stored the decoded value: a PromQL equality matcher on it matches
    String query =
        "interop_label_escaping{job="
            + promqlString(job.jobName)
            + ",value="
            + promqlString(InteropMetrics.TRICKY)
            + "}";
    prometheus.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  List<Series> result = prometheus.query(query);
                  assertThat(result).hasSize(1);
                  assertThat(result.get(0).labels()).containsEntry("value", InteropMetrics.TRICKY);
                  assertThat(result.get(0).value()).isEqualTo(1.0);
                }));
  }

  /** The series Prometheus stored for the job, without its own synthetic series. */
  private static Map<SeriesKey, Double> storedSeries(Job job) {
    List<Series> all = prometheus.query("{job=" + promqlString(job.jobName) + "}");
    List<Series> scraped =
        all.stream()
            .filter(s -> !s.name().equals("up") && !s.name().startsWith("scrape_"))
            .toList();
    return PrometheusServer.byKey(scraped);
  }

  /** A PromQL double-quoted string literal (Go escapes). */
  static String promqlString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static int start(UnaryOperator<MetricsServer.Builder> tls) {
    MetricsServer server =
        tls.apply(MetricsServer.builder().address("127.0.0.1").port(0).registry(registry)).start();
    servers.add(server);
    return server.port();
  }
}
