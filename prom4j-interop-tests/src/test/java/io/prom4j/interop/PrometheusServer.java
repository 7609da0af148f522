package io.prom4j.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

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

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration API_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;
  private static final int START_ATTEMPTS = 3;

  private static final String GLOBAL =
      """
      global:
        scrape_interval: 1s
        scrape_timeout: 900ms
        evaluation_interval: 1m
      scrape_configs:
      """;

  private final Process process;
  private final Path log;
  private final String name;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(API_TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(Process process, Path log, String name, int port) {
    this.process = process;
    this.log = log;
    this.name = name;
    this.base = URI.create("http://127.0.0.1:" + port);
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
    try {
      Files.createDirectories(workDir);
      Path configFile = workDir.resolve("prometheus.yml");
      Files.writeString(configFile, config, StandardCharsets.UTF_8);
      AssertionError last = null;
      // the free port may be taken between our probe and Prometheus' bind: retry a few times
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = freePort();
        Path log = workDir.resolve("prometheus-" + attempt + ".log");
        Path storage = Files.createDirectories(workDir.resolve("data-" + attempt));
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--config.file=" + configFile);
        command.add("--storage.tsdb.path=" + storage);
        command.add("--web.listen-address=127.0.0.1:" + port);
        command.add("--log.level=debug");
        command.addAll(flags);
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TZ", "UTC");
        PrometheusServer server = new PrometheusServer(builder.start(), log, name, port);
        try {
          server.awaitReady();
          return server;
        } catch (AssertionError e) {
          server.close();
          last = e;
          if (!server.logText().contains("address already in use")) {
            throw e;
          }
        }
      }
      throw last;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Prometheus", e);
    }
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
    try {
      assertions.run();
    } catch (AssertionError e) {
      throw withLog(e);
    } catch (Exception e) {
      throw withLog(new AssertionError(e.toString(), e));
    }
  }

  /** {@code e} with the tail of the log appended to its message. */
  AssertionError withLog(Throwable e) {
    return new AssertionError(
        e.getMessage()
            + "\n--- Prometheus log, last "
            + LOG_TAIL_LINES
            + " lines ("
            + log
            + ") ---\n"
            + logTail(),
        e);
  }

  /** The last lines of the log. */
  String logTail() {
    List<String> lines = logText().lines().toList();
    return String.join(
        "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  /** Stops Prometheus (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    keepLog();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest ready =
        HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(API_TIMEOUT).build();
    while (true) {
      if (!process.isAlive()) {
        throw withLog(
            new AssertionError(
                "Prometheus exited with " + process.exitValue() + " before it was ready"));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Prometheus", e);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw withLog(
            new AssertionError(
                "Prometheus was not ready within " + READY_TIMEOUT.toSeconds() + " s"));
      }
      try {
        process.waitFor(100, TimeUnit.MILLISECONDS); // poll interval; returns early on exit
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Prometheus", e);
      }
    }
  }

  private JsonNode apiGet(String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(API_TIMEOUT).build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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

  private String logText() {
    try {
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private void keepLog() {
    String dir = System.getProperty("prom4j.interop.logDir");
    if (dir == null || !Files.exists(log)) {
      return;
    }
    try {
      Path target = Files.createDirectories(Path.of(dir)).resolve("prometheus-" + name + ".log");
      Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // the copy is a convenience for post-mortems; the test outcome does not depend on it
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
