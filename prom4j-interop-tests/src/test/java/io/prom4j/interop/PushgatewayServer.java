package io.prom4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus Pushgateway for one test class, on 127.0.0.1 with a free port, read back with
 * curl, so that what we check does not depend on the JDK's HTTP client that pushed it.
 *
 * <p>Two reads make one picture: the query API ({@code GET /api/v1/metrics}) says which group holds
 * which series, and the gateway's own exposition in protobuf ({@code GET /metrics}, what Prometheus
 * scrapes) gives each series' values. The API alone would not do: it shows a histogram that has a
 * native part by its native buckets only ({@code [[boundaries, lower, upper, count], ...]} instead
 * of {@code {"le": count}}), although the gateway stores and serves its classic buckets as well.
 *
 * <pre>{@code
 * try (PushgatewayServer gw = PushgatewayServer.start(dir, "MyIT")) {
 *   PushGateway.builder().address(gw.address()).build().push(registry, "job");
 *   assertThat(gw.group(Map.of("job", "job")).series()).containsEntry(...);
 * }
 * }</pre>
 */
final class PushgatewayServer implements AutoCloseable {

  /** How curl reaches an HTTPS gateway: the CA to trust, a client certificate, basic auth. */
  record Access(Path caFile, Path certFile, Path keyFile, String user, String password) {
    static final Access PLAIN = new Access(null, null, null, null, null);
  }

  /**
   * One group as the gateway holds it.
   *
   * @param labels the grouping key, {@code job} included
   * @param types metric family name to the gateway's type ({@code COUNTER}, {@code GAUGE}, ...)
   * @param series every pushed series, with sample names as in the text format ({@code _bucket},
   *     {@code _count}, ...) and without the group's labels and the {@code instance=""} the gateway
   *     adds; {@code le} and {@code quantile} values in Java's double notation ({@code 1.0}, {@code
   *     Infinity}); {@code push_time_seconds} and {@code push_failure_time_seconds} left out
   * @param histograms every histogram series (family name and its own labels, as in {@code series})
   *     as the gateway serves it in protobuf: classic buckets and native part, without the group's
   *     labels
   * @param pushTime the group's {@code push_time_seconds}
   */
  record Group(
      Map<String, String> labels,
      Map<String, String> types,
      Map<SeriesKey, Double> series,
      Map<SeriesKey, Metrics.Histogram> histograms,
      double pushTime) {}

  /** What Prometheus asks for when it prefers protobuf. */
  static final String ACCEPT_PROTOBUF =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

  private static final Duration CURL_TIMEOUT = Duration.ofSeconds(20);

  private final ExporterProcess process;
  private final Path workDir;
  private final Access access;
  private final ObjectMapper json = new ObjectMapper();

  private PushgatewayServer(ExporterProcess process, Path workDir, Access access) {
    this.process = process;
    this.workDir = workDir;
    this.access = access;
  }

  /** A plain-HTTP gateway. */
  static PushgatewayServer start(Path workDir, String name) {
    return start(workDir, name, null, Access.PLAIN);
  }

  /**
   * A gateway with {@code --web.config.file=webConfig} (TLS, client certificates, basic auth), read
   * with {@code access}.
   */
  static PushgatewayServer start(Path workDir, String name, Path webConfig, Access access) {
    Path binary = Tools.require(Tools.Tool.PUSHGATEWAY);
    Tools.require(Tools.Tool.CURL);
    ExporterProcess process =
        ExporterProcess.start(
            binary,
            workDir,
            "pushgateway-" + name,
            port -> {
              List<String> args = new ArrayList<>();
              args.add("--web.listen-address=127.0.0.1:" + port);
              // in memory only: Debian's build defaults to /var/lib/prometheus/pushgateway.data,
              // which every gateway on the machine would load at start and rewrite at exit, so
              // one run's groups (or a neighbour's) would turn up in the next
              args.add("--persistence.file=");
              if (webConfig != null) {
                args.add("--web.config.file=" + webConfig);
              }
              return args;
            });
    return new PushgatewayServer(process, workDir, access);
  }

  /** {@code 127.0.0.1:<port>}. */
  String address() {
    return "127.0.0.1:" + process.port();
  }

  /** {@code https://localhost:<port>}: the name the test server certificate has. */
  String httpsUrl() {
    return "https://localhost:" + process.port();
  }

  /**
   * Every group the gateway holds: its series from the API, their values from the protobuf
   * exposition.
   */
  List<Group> groups() {
    JsonNode body = api();
    Map<String, Map<Map<String, String>, Metrics.Metric>> scraped = scrapeProtobuf();
    List<Group> out = new ArrayList<>();
    for (JsonNode g : body.path("data")) {
      Map<String, String> labels = strings(g.path("labels"));
      Map<String, String> types = new TreeMap<>();
      Map<SeriesKey, Double> series = new LinkedHashMap<>();
      Map<SeriesKey, Metrics.Histogram> histograms = new LinkedHashMap<>();
      double pushTime = Double.NaN;
      for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        JsonNode family = e.getValue();
        if (!family.has("metrics")) {
          continue; // "labels", "last_push_successful"
        }
        if (name.equals("push_time_seconds")) {
          pushTime = value(family.path("metrics").path(0).path("value"));
          continue;
        }
        if (name.equals("push_failure_time_seconds")) {
          continue;
        }
        types.put(name, family.path("type").asText());
        for (JsonNode m : family.path("metrics")) {
          Map<String, String> all = strings(m.path("labels"));
          Metrics.Metric metric = scraped.getOrDefault(name, Map.of()).get(all);
          if (metric == null) {
            throw new AssertionError(
                "the API shows " + name + all + " but the protobuf exposition does not");
          }
          Map<String, String> own = own(all, labels);
          addSeries(series, name, own, metric);
          if (metric.hasHistogram()) {
            histograms.put(new SeriesKey(name, own), withoutLabels(metric).getHistogram());
          }
        }
      }
      out.add(new Group(labels, types, series, histograms, pushTime));
    }
    return out;
  }

  /** The query API's answer, {@code GET /api/v1/metrics}, as the gateway wrote it. */
  JsonNode api() {
    return apiGet("/api/v1/metrics");
  }

  /**
   * Every sample of the gateway's text exposition ({@code GET /metrics} asking for text 0.0.4, what
   * Prometheus without native histograms scrapes), with all labels, the group's included.
   */
  Map<SeriesKey, Double> scrapeText() {
    Exec.Result r = curl("/metrics", null, "-H", "Accept: text/plain;version=0.0.4");
    return TextSamples.parse(r.stdout());
  }

  /**
   * The gateway's protobuf exposition ({@code GET /metrics} asking for delimited protobuf, what
   * Prometheus with native histograms scrapes): family name to the full label set of each of its
   * metrics (the group's labels included, as the API shows them) to the metric.
   */
  Map<String, Map<Map<String, String>, Metrics.Metric>> scrapeProtobuf() {
    Path file;
    try {
      file = Files.createTempFile(workDir, "pushgateway-metrics", ".pb");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      curl("/metrics", file, "-H", "Accept: " + ACCEPT_PROTOBUF);
      Map<String, Map<Map<String, String>, Metrics.Metric>> out = new HashMap<>();
      try (InputStream in = Files.newInputStream(file)) {
        Metrics.MetricFamily f;
        while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
          Map<Map<String, String>, Metrics.Metric> metrics = new HashMap<>();
          for (Metrics.Metric m : f.getMetricList()) {
            Map<String, String> labels = new TreeMap<>();
            m.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
            metrics.put(labels, m);
          }
          out.put(f.getName(), metrics);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("GET /metrics: not delimited protobuf", e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover file in the test's temporary directory is harmless
      }
    }
  }

  /** The group with exactly these grouping labels ({@code job} included), or null. */
  Group group(Map<String, String> labels) {
    for (Group g : groups()) {
      if (g.labels().equals(new TreeMap<>(labels))) {
        return g;
      }
    }
    return null;
  }

  /** Runs assertions; a failure is rethrown with the tail of the gateway's log. */
  void check(Eventually.Check assertions) {
    process.check(assertions);
  }

  @Override
  public void close() {
    process.close();
  }

  /**
   * The series of one metric as the text format names them: histogram buckets (with {@code +Inf}
   * from the count, which protobuf leaves out), quantiles, count and sum; else the one value.
   */
  private static void addSeries(
      Map<SeriesKey, Double> series, String name, Map<String, String> labels, Metrics.Metric m) {
    if (m.hasHistogram()) {
      Metrics.Histogram h = m.getHistogram();
      boolean inf = false;
      for (Metrics.Bucket b : h.getBucketList()) {
        inf |= b.getUpperBound() == Double.POSITIVE_INFINITY;
        series.put(
            key(name + "_bucket", labels, "le", Double.toString(b.getUpperBound())),
            (double) b.getCumulativeCount());
      }
      if (!inf) {
        series.put(
            key(name + "_bucket", labels, "le", Double.toString(Double.POSITIVE_INFINITY)),
            (double) h.getSampleCount());
      }
      series.put(key(name + "_count", labels, null, null), (double) h.getSampleCount());
      series.put(key(name + "_sum", labels, null, null), h.getSampleSum());
    } else if (m.hasSummary()) {
      Metrics.Summary summary = m.getSummary();
      for (Metrics.Quantile q : summary.getQuantileList()) {
        series.put(key(name, labels, "quantile", Double.toString(q.getQuantile())), q.getValue());
      }
      series.put(key(name + "_count", labels, null, null), (double) summary.getSampleCount());
      series.put(key(name + "_sum", labels, null, null), summary.getSampleSum());
    } else if (m.hasCounter()) {
      series.put(key(name, labels, null, null), m.getCounter().getValue());
    } else if (m.hasGauge()) {
      series.put(key(name, labels, null, null), m.getGauge().getValue());
    } else {
      series.put(key(name, labels, null, null), m.getUntyped().getValue());
    }
  }

  /** {@code m} without its labels, to compare with what was pushed. */
  private static Metrics.Metric withoutLabels(Metrics.Metric m) {
    return m.toBuilder().clearLabel().build();
  }

  /** A series' labels without the group's labels and the empty {@code instance} it adds. */
  private static Map<String, String> own(Map<String, String> all, Map<String, String> group) {
    Map<String, String> out = new TreeMap<>(all);
    out.keySet().removeAll(group.keySet());
    if ("".equals(out.get("instance")) && !group.containsKey("instance")) {
      out.remove("instance");
    }
    return out;
  }

  private static SeriesKey key(String name, Map<String, String> labels, String extra, String v) {
    Map<String, String> l = new TreeMap<>(labels);
    if (extra != null) {
      l.put(extra, v);
    }
    return new SeriesKey(name, l);
  }

  /** A bound or quantile in one notation, whoever wrote it: "1", "1.0" and "1e0" alike. */
  static String canonical(String number) {
    return Double.toString(PrometheusServer.parseValue(number));
  }

  private static double value(JsonNode n) {
    return PrometheusServer.parseValue(n.asText());
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private JsonNode apiGet(String path) {
    Exec.Result r = curl(path, null);
    try {
      JsonNode body = json.readTree(r.stdout());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError("GET " + path + " answered " + r.stdout());
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + ": not JSON: " + r.stdout(), e);
    }
  }

  /**
   * {@code GET path} with curl and {@link #access}; the body to {@code output} if not null, else to
   * the result's stdout.
   *
   * @throws AssertionError if curl fails or the answer is not 2xx
   */
  private Exec.Result curl(String path, Path output, String... options) {
    List<String> command = new ArrayList<>();
    command.add(Tools.require(Tools.Tool.CURL).toString());
    command.addAll(List.of("-sS", "--fail-with-body", "--max-time", "10"));
    String url;
    if (access.caFile() == null) {
      url = "http://" + address() + path;
    } else {
      url = httpsUrl() + path;
      command.addAll(List.of("--cacert", access.caFile().toString()));
    }
    if (access.certFile() != null) {
      command.addAll(
          List.of("--cert", access.certFile().toString(), "--key", access.keyFile().toString()));
    }
    if (access.user() != null) {
      command.addAll(List.of("--user", access.user() + ":" + access.password()));
    }
    command.addAll(List.of(options));
    if (output != null) {
      command.addAll(List.of("-o", output.toString()));
    }
    command.add(url);
    Exec.Result r = Exec.run(command, CURL_TIMEOUT);
    if (r.exitCode() != 0) {
      throw new AssertionError("GET " + url + " failed: " + r.describe());
    }
    return r;
  }
}
