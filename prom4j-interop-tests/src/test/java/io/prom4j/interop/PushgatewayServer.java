package io.prom4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus Pushgateway for one test class, on 127.0.0.1 with a free port, read back
 * through its query API ({@code GET /api/v1/metrics}) with curl, so that what we check does not
 * depend on the JDK's HTTP client that pushed it.
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
   * @param pushTime the group's {@code push_time_seconds}
   */
  record Group(
      Map<String, String> labels,
      Map<String, String> types,
      Map<SeriesKey, Double> series,
      double pushTime) {}

  private static final Duration CURL_TIMEOUT = Duration.ofSeconds(20);

  private final ExporterProcess process;
  private final Access access;
  private final ObjectMapper json = new ObjectMapper();

  private PushgatewayServer(ExporterProcess process, Access access) {
    this.process = process;
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
              if (webConfig != null) {
                args.add("--web.config.file=" + webConfig);
              }
              return args;
            });
    return new PushgatewayServer(process, access);
  }

  /** {@code 127.0.0.1:<port>}. */
  String address() {
    return "127.0.0.1:" + process.port();
  }

  /** {@code https://localhost:<port>}: the name the test server certificate has. */
  String httpsUrl() {
    return "https://localhost:" + process.port();
  }

  /** Every group the gateway holds. */
  List<Group> groups() {
    JsonNode body = apiGet("/api/v1/metrics");
    List<Group> out = new ArrayList<>();
    for (JsonNode g : body.path("data")) {
      Map<String, String> labels = strings(g.path("labels"));
      Map<String, String> types = new TreeMap<>();
      Map<SeriesKey, Double> series = new LinkedHashMap<>();
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
          addSeries(series, name, own(strings(m.path("labels")), labels), m);
        }
      }
      out.add(new Group(labels, types, series, pushTime));
    }
    return out;
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

  private static void addSeries(
      Map<SeriesKey, Double> series, String name, Map<String, String> labels, JsonNode m) {
    if (m.has("buckets")) {
      for (Iterator<Map.Entry<String, JsonNode>> b = m.path("buckets").fields(); b.hasNext(); ) {
        Map.Entry<String, JsonNode> bucket = b.next();
        series.put(
            key(name + "_bucket", labels, "le", canonical(bucket.getKey())),
            value(bucket.getValue()));
      }
      series.put(key(name + "_count", labels, null, null), value(m.path("count")));
      series.put(key(name + "_sum", labels, null, null), value(m.path("sum")));
    } else if (m.has("quantiles")) {
      for (Iterator<Map.Entry<String, JsonNode>> q = m.path("quantiles").fields(); q.hasNext(); ) {
        Map.Entry<String, JsonNode> quantile = q.next();
        series.put(
            key(name, labels, "quantile", canonical(quantile.getKey())),
            value(quantile.getValue()));
      }
      series.put(key(name + "_count", labels, null, null), value(m.path("count")));
      series.put(key(name + "_sum", labels, null, null), value(m.path("sum")));
    } else {
      series.put(key(name, labels, null, null), value(m.path("value")));
    }
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
    command.add(url);
    Exec.Result r = Exec.run(command, CURL_TIMEOUT);
    if (r.exitCode() != 0) {
      throw new AssertionError("GET " + url + " failed: " + r.describe());
    }
    try {
      JsonNode body = json.readTree(r.stdout());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError("GET " + url + " answered " + r.stdout());
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + url + ": not JSON: " + r.stdout(), e);
    }
  }
}
