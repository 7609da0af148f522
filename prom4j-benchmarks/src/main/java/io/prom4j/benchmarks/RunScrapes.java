package io.prom4j.benchmarks;

import io.prom4j.http.MetricsServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end scrapes over loopback: prom4j's {@code MetricsServer} and client_java's {@code
 * HTTPServer} serve the same {@link Workload} from this JVM, and {@code wrk} (Debian package {@code
 * wrk}) loads each in turn, alternating for several rounds so that both see the same machine noise.
 * Writes one row per round to {@code target/results/scrapes.tsv}.
 *
 * <p>Arguments (all optional): {@code --series N} (10000), {@code --rounds N} (5), {@code
 * --duration S} (5), {@code --threads N} (2), {@code --connections N} (4).
 */
public final class RunScrapes {

  /** Prometheus 3.4+'s default scrape Accept header (formats.md 2.3). */
  static final String PROMETHEUS_3_ACCEPT =
      "application/openmetrics-text;version=1.0.0;"
          + "escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
          + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,"
          + "*/*;q=0.2";

  /**
   * The request shapes measured: name and extra wrk header arguments. PROTOBUF is Prometheus 3.5's
   * protobuf-first header (native histograms on), against registries whose histograms keep classic
   * and native buckets in both libraries.
   */
  enum Mode {
    PLAIN(false),
    GZIP(false, "Accept-Encoding: gzip"),
    PROMETHEUS3(false, "Accept: " + PROMETHEUS_3_ACCEPT, "Accept-Encoding: gzip"),
    PROTOBUF(true, "Accept: " + ExpositionBenchmark.PROTOBUF_ACCEPT, "Accept-Encoding: gzip");

    /** Whether the servers of the native-histogram registries answer. */
    final boolean nativeHistograms;

    final String[] headers;

    Mode(boolean nativeHistograms, String... headers) {
      this.nativeHistograms = nativeHistograms;
      this.headers = headers;
    }
  }

  private RunScrapes() {}

  public static void main(String[] args) throws Exception {
    int series = intArg(args, "--series", 10_000);
    int rounds = intArg(args, "--rounds", 5);
    int duration = intArg(args, "--duration", 5);
    int threads = intArg(args, "--threads", 2);
    int connections = intArg(args, "--connections", 4);

    List<String> rows = new ArrayList<>();
    rows.add(
        "# series="
            + series
            + " wrk -t"
            + threads
            + " -c"
            + connections
            + " -d"
            + duration
            + "s, java "
            + Runtime.version());
    rows.add("# mode\ttarget\tround\tscrapesPerSecond\tp50ms\tp99ms\tresponseBytes");
    // Neither library writes _created in the text formats by default; protobuf carries it.
    try (MetricsServer prom4j =
            MetricsServer.builder()
                .address("127.0.0.1")
                .port(0)
                .registry(Registries.prom4j(series))
                .start();
        MetricsServer prom4jNative =
            MetricsServer.builder()
                .address("127.0.0.1")
                .port(0)
                .registry(Registries.prom4j(series, true))
                .start();
        HTTPServer clientJava = clientJavaServer(Registries.clientJava(series), false);
        HTTPServer clientJavaNative =
            clientJavaServer(Registries.clientJava(series, true), false)) {
      String[] targets = {"prom4j", "clientJava"};
      for (Mode mode : Mode.values()) {
        int[] ports =
            mode.nativeHistograms
                ? new int[] {prom4jNative.port(), clientJavaNative.getPort()}
                : new int[] {prom4j.port(), clientJava.getPort()};
        for (int t = 0; t < 2; t++) { // warm both servers up in this mode
          wrk(ports[t], mode, threads, connections, 2);
        }
        for (int round = 1; round <= rounds; round++) {
          for (int t = 0; t < 2; t++) {
            double[] m = wrk(ports[t], mode, threads, connections, duration);
            rows.add(
                String.join(
                    "\t",
                    mode.name(),
                    targets[t],
                    Integer.toString(round),
                    fmt(m[0]),
                    fmt(m[1]),
                    fmt(m[2]),
                    fmt(m[3])));
            Results.write("scrapes.tsv", rows);
          }
        }
      }
    }
  }

  private static HTTPServer clientJavaServer(PrometheusRegistry registry, boolean created)
      throws IOException {
    return HTTPServer.builder(Registries.clientJavaProperties(created))
        .hostname("127.0.0.1")
        .port(0)
        .registry(registry)
        .buildAndStart();
  }

  /** Runs wrk once: {scrapes/s, p50 ms, p99 ms, bytes per response}. */
  static double[] wrk(int port, Mode mode, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    return wrk("http://127.0.0.1:" + port + "/metrics", mode, threads, connections, seconds);
  }

  /** Runs wrk once against {@code url} (http or https): {scrapes/s, p50, p99 ms, bytes}. */
  static double[] wrk(String url, Mode mode, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency"));
    for (String h : mode.headers) {
      cmd.add("-H");
      cmd.add(h);
    }
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    double requests = number(out, "(\\d+) requests in");
    double bytes = bytes(out);
    return new double[] {
      number(out, "Requests/sec:\\s+([0-9.]+)"),
      latencyMs(out, "50%"),
      latencyMs(out, "99%"),
      bytes / requests
    };
  }

  private static double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static double latencyMs(String out, String percentile) {
    Matcher m = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  private static double bytes(String out) {
    Matcher m = Pattern.compile("requests in [^,]+, ([0-9.]+)([KMG]?B) read").matcher(out);
    if (!m.find()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "KB" -> v * 1024;
      case "MB" -> v * 1024 * 1024;
      case "GB" -> v * 1024 * 1024 * 1024;
      default -> v;
    };
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
