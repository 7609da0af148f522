package io.prom4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus server for one test class: started on 127.0.0.1 with a free port, a temporary
 * storage directory and a generated configuration (scrape every second), and read through its HTTP
 * API.
 *
 * <pre>{@code
 * try (PrometheusServer p =
 *     PrometheusServer.start(dir, "MyIT", List.of(ScrapeJob.http("a", port)))) {
 *   p.check(() -> assertThat(p.target("a").health()).isEqualTo("up"));
 * }
 * }</pre>
 *
 * <p>Its log (stdout and stderr) goes to a file; {@link #check} attaches the log's tail to any
 * assertion failure, and {@link #close()} copies the log to the directory named by the system
 * property {@code prom4j.interop.logDir} (set by the build to {@code target/interop-logs}).
 */
final class PrometheusServer implements AutoCloseable {

  /** One scrape target as {@code /api/v1/targets} reports it. */
  record Target(
      String job, String scrapeUrl, String health, String lastError, Instant lastScrape) {}

  /** One series of an instant-query result: its labels (with {@code __name__}) and value. */
  record Series(Map<String, String> labels, double value) {

    /** The metric name. */
    String name() {
      return labels.get("__name__");
    }
  }

  private static final Duration API_TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(API_TIMEOUT).build();

  private static final String GLOBAL =
      """
      global:
        scrape_interval: 1s
        scrape_timeout: 900ms
        evaluation_interval: 1m
      scrape_configs:
      """;

  private final ExporterProcess process;
  private final URI base;
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(ExporterProcess process) {
    this.process = process;
    this.base = URI.create("http://127.0.0.1:" + process.port());
  }

  /**
   * Starts Prometheus with {@code jobs} and waits until it is ready.
   *
   * @param workDir an empty directory for the configuration, storage and log
   * @param name a name for the log file, usually the test class's simple name
   * @throws AssertionError if it does not become ready in time (with its log)
   */
  static PrometheusServer start(Path workDir, String name, List<ScrapeJob> jobs) {
    return start(Tools.Tool.PROMETHEUS, List.of(), workDir, name, jobs);
  }

  /**
   * Starts the Prometheus of {@code tool} with extra command line flags ({@code
   * --enable-feature=...}) and {@code jobs}, and waits until it is ready.
   */
  static PrometheusServer start(
      Tools.Tool tool, List<String> flags, Path workDir, String name, List<ScrapeJob> jobs) {
    Path binary = Tools.require(tool);
    StringBuilder config = new StringBuilder(GLOBAL);
    for (ScrapeJob job : jobs) {
      config.append(job.toYaml());
    }
    Path configFile = workDir.resolve("prometheus.yml");
    try {
      Files.createDirectories(workDir);
      Files.writeString(configFile, config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile, e);
    }
    return new PrometheusServer(
        ExporterProcess.start(
            binary,
            workDir,
            "prometheus-" + name,
            port -> {
              List<String> command = new ArrayList<>();
              command.add("--config.file=" + configFile);
              command.add("--storage.tsdb.path=" + workDir.resolve("data-" + port));
              command.add("--web.listen-address=127.0.0.1:" + port);
              command.add("--log.level=debug");
              command.addAll(flags);
              return command;
            },
            PrometheusServer::ready));
  }

  /** Ready when {@code /-/ready} answers 200: the TSDB is open and scraping has begun. */
  private static boolean ready(int port) throws IOException, InterruptedException {
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
            .timeout(API_TIMEOUT)
            .build();
    return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  /** The base URL of the web UI and API, {@code http://127.0.0.1:<port>}. */
  URI baseUri() {
    return base;
  }

  /** Every active target. */
  List<Target> targets() {
    JsonNode data = apiGet("/api/v1/targets?state=active");
    List<Target> out = new ArrayList<>();
    for (JsonNode t : data.path("activeTargets")) {
      out.add(
          new Target(
              t.path("labels").path("job").asText(),
              t.path("scrapeUrl").asText(),
              t.path("health").asText(),
              t.path("lastError").asText(),
              OffsetDateTime.parse(t.path("lastScrape").asText()).toInstant()));
    }
    return out;
  }

  /**
   * The target of {@code job}.
   *
   * @throws AssertionError if Prometheus has no target (or several) for the job
   */
  Target target(String job) {
    List<Target> matching = targets().stream().filter(t -> t.job().equals(job)).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one target for job " + job + ", got " + matching);
    }
    return matching.get(0);
  }

  /** Evaluates an instant query now; the result must be a vector. */
  List<Series> query(String promql) {
    JsonNode data =
        apiGet("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new AssertionError("query " + promql + " did not return a vector: " + data);
    }
    List<Series> out = new ArrayList<>();
    for (JsonNode r : data.path("result")) {
      Map<String, String> labels = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = r.path("metric").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        labels.put(e.getKey(), e.getValue().asText());
      }
      out.add(new Series(labels, parseValue(r.path("value").path(1).asText())));
    }
    return out;
  }

  /**
   * The {@code result} array of an instant query, as JSON: each entry has {@code metric} and either
   * {@code value} (a float sample) or {@code histogram} (a native histogram sample).
   */
  JsonNode queryJson(String promql) {
    return apiGet("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .path("result");
  }

  /** The same at evaluation time {@code time} (seconds since the epoch). */
  JsonNode queryJsonAt(String promql, double time) {
    return apiGet(
            "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time="
                + time)
        .path("result");
  }

  /**
   * The {@code data} array of {@code /api/v1/query_exemplars} over the last hour: one entry per
   * series, each with {@code seriesLabels} and {@code exemplars} ({@code labels}, {@code value},
   * {@code timestamp}).
   */
  JsonNode queryExemplars(String promql) {
    double now = System.currentTimeMillis() / 1e3;
    return apiGet(
        "/api/v1/query_exemplars?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start="
            + (now - 3600)
            + "&end="
            + (now + 60));
  }

  /**
   * Runs assertions; a failure is rethrown with the tail of Prometheus' log attached, so a failing
   * scrape explains itself.
   */
  void check(Eventually.Check assertions) {
    process.check(assertions);
  }

  /** {@code e} with the tail of the log appended to its message. */
  AssertionError withLog(Throwable e) {
    return process.withLog(e);
  }

  /** The last lines of the log. */
  String logTail() {
    return process.logTail();
  }

  /** Stops Prometheus (SIGTERM, then SIGKILL if it lingers) and keeps its log. */
  @Override
  public void close() {
    process.close();
  }

  private JsonNode apiGet(String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(API_TIMEOUT).build();
    try {
      HttpResponse<String> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode body = json.readTree(response.body());
      if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
        throw new AssertionError(
            "GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A sample value as the API writes it: Go's {@code 'f'} format, {@code +Inf}, {@code NaN}. */
  static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /** Series by name and labels, without {@code __name__}, {@code job} and {@code instance}. */
  static Map<SeriesKey, Double> byKey(List<Series> series) {
    Map<SeriesKey, Double> out = new LinkedHashMap<>();
    for (Series s : series) {
      Map<String, String> labels = new TreeMap<>(s.labels());
      labels.remove("__name__");
      labels.remove("job");
      labels.remove("instance");
      out.put(new SeriesKey(s.name(), labels), s.value());
    }
    return out;
  }
}
