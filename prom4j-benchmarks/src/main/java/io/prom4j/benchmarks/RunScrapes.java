package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end scrapes over loopback: prom4j's {@code MetricsServer} and client_java's {@code
 * HTTPServer} serve the same {@link Workload} from this JVM, beside a {@link CeilingServer} that
 * answers every request with the bytes prom4j rendered for it once at start, and {@code wrk}
 * (Debian package {@code wrk}) loads each in turn, alternating for several rounds so that all see
 * the same machine noise. Writes one row per run to {@code target/results/scrapes.tsv}: wrk's
 * figures, this JVM's CPU time per scrape over the run ({@link #processCpuNanos}), and the
 * throughput as a fraction of the ceiling's in the same round, mode and load.
 *
 * <p>Arguments (all optional): {@code --series N} (10000), {@code --rounds N} (5), {@code
 * --duration S} (5), {@code --threads N} (2), {@code --connections N} (4), {@code --churn F} (off:
 * with a fraction such as 0.1, every round runs twice, {@code static} and then {@code churn} with a
 * {@link Churn} updater changing that fraction of the series between scrapes). Each server is
 * warmed up for 2 s in each mode before the rounds, and with churn on for 2 s more, so that the JIT
 * has compiled the paths of a changed family before they are measured.
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

  /** The servers measured, in the order of each round; the ceiling first. */
  static final String[] TARGETS = {"ceiling", "prom4j", "clientJava"};

  /**
   * The library whose registry each target serves, 0 prom4j, 1 client_java: the ceiling sends
   * prom4j's bytes, rendered once, and runs beside the updates to prom4j's registry.
   */
  private static final int[] LIBRARY = {0, 0, 1};

  /** The load column: no updates during the scrapes, or the {@link Churn} updater running. */
  static final String STATIC = "static";

  static final String CHURN = "churn";

  private RunScrapes() {}

  public static void main(String[] args) throws Exception {
    int series = intArg(args, "--series", 10_000);
    int rounds = intArg(args, "--rounds", 5);
    int duration = intArg(args, "--duration", 5);
    int threads = intArg(args, "--threads", 2);
    int connections = intArg(args, "--connections", 4);
    double churnFraction = doubleArg(args, "--churn", 0);

    List<String> rows = new ArrayList<>();
    rows.add(
        "# series="
            + series
            + (churnFraction > 0 ? " churn=" + churnFraction : "")
            + " wrk -t"
            + threads
            + " -c"
            + connections
            + " -d"
            + duration
            + "s, java "
            + Runtime.version());
    rows.add(
        "# mode\ttarget\tround\tscrapesPerSecond\tp50ms\tp99ms\tresponseBytes"
            + "\tload\tcpuMsPerScrape\tscrapesPerSecondVsCeiling");
    List<String> loads = churnFraction > 0 ? List.of(STATIC, CHURN) : List.of(STATIC);
    // One updater per histogram flavour and library, over the registry that library serves; null
    // without --churn. Each runs only while its own library's server (or the ceiling, for prom4j's)
    // is measured, so no server pays for updates to a registry another one serves.
    Churn[][] churns = new Churn[2][2];
    Churn.Target[][] churnTargets = new Churn.Target[2][2];
    for (int n = 0; n < 2 && churnFraction > 0; n++) {
      for (int lib = 0; lib < 2; lib++) {
        churns[n][lib] = new Churn(churnFraction);
        churnTargets[n][lib] = churns[n][lib].target();
      }
    }
    CollectorRegistry[] prom4jRegistries = {
      Registries.prom4j(series, false, churnTargets[0][0]),
      Registries.prom4j(series, true, churnTargets[1][0])
    };
    // Neither library writes _created in the text formats by default; protobuf carries it.
    try (MetricsServer prom4j = prom4jServer(prom4jRegistries[0]);
        MetricsServer prom4jNative = prom4jServer(prom4jRegistries[1]);
        HTTPServer clientJava =
            clientJavaServer(Registries.clientJava(series, false, churnTargets[0][1]), false);
        HTTPServer clientJavaNative =
            clientJavaServer(Registries.clientJava(series, true, churnTargets[1][1]), false)) {
      for (Mode mode : Mode.values()) {
        int n = mode.nativeHistograms ? 1 : 0;
        // Rendered now, before any churn: the bytes prom4j sends for this request.
        try (CeilingServer ceiling = CeilingServer.start(prom4jRegistries[n], mode.headers)) {
          int[] ports =
              n == 1
                  ? new int[] {ceiling.port(), prom4jNative.port(), clientJavaNative.getPort()}
                  : new int[] {ceiling.port(), prom4j.port(), clientJava.getPort()};
          for (int t = 0; t < ports.length; t++) { // warm every server up in this mode and load
            wrk(ports[t], mode, threads, connections, 2);
            if (churnFraction > 0) {
              wrkBeside(churns[n][LIBRARY[t]], ports[t], mode, threads, connections, 2);
            }
          }
          for (int round = 1; round <= rounds; round++) {
            for (String load : loads) {
              double ceilingRate = Double.NaN;
              for (int t = 0; t < ports.length; t++) {
                Churn churn = load.equals(CHURN) ? churns[n][LIBRARY[t]] : null;
                Measured run = wrkBeside(churn, ports[t], mode, threads, connections, duration);
                double[] m = run.wrk();
                if (t == 0) {
                  ceilingRate = m[0];
                }
                rows.add(
                    String.join(
                        "\t",
                        mode.name(),
                        TARGETS[t],
                        Integer.toString(round),
                        fmt(m[0]),
                        fmt(m[1]),
                        fmt(m[2]),
                        fmt(m[3]),
                        load,
                        fmt(run.cpuNanos() / 1e6 / m[4]),
                        fmt(m[0] / ceilingRate)));
                Results.write("scrapes.tsv", rows);
              }
            }
          }
        }
      }
    }
    System.out.println("rows: " + Results.DIR.resolve("scrapes.tsv"));
  }

  /**
   * One wrk run's values ({@link #wrk(int, Mode, int, int, int)}) and this JVM's CPU time over it.
   */
  private record Measured(double[] wrk, long cpuNanos) {}

  /**
   * Runs wrk once with {@code churn}'s updater running meanwhile (null: none); the updater is
   * started before and stopped after the CPU time is taken.
   */
  private static Measured wrkBeside(
      Churn churn, int port, Mode mode, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    if (churn != null) {
      churn.start();
    }
    try {
      long cpu = processCpuNanos();
      double[] m = wrk(port, mode, threads, connections, seconds);
      return new Measured(m, processCpuNanos() - cpu);
    } finally {
      if (churn != null) {
        churn.stop();
      }
    }
  }

  /**
   * CPU time of this JVM, all threads, in ns. The servers under load are in this JVM and measured
   * one at a time, so the delta over a wrk run is what that server spent on it (plus this JVM's
   * background threads: JIT, GC, and the churn updater when on); wrk is a separate process and not
   * in it.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static MetricsServer prom4jServer(CollectorRegistry registry) throws IOException {
    return MetricsServer.builder().address("127.0.0.1").port(0).registry(registry).start();
  }

  private static HTTPServer clientJavaServer(PrometheusRegistry registry, boolean created)
      throws IOException {
    return HTTPServer.builder(Registries.clientJavaProperties(created))
        .hostname("127.0.0.1")
        .port(0)
        .registry(registry)
        .buildAndStart();
  }

  /**
   * Runs wrk once: {scrapes/s, p50 ms, p99 ms, bytes per response, scrapes, non-2xx/3xx responses,
   * socket errors (connect + read + write + timeout)}.
   */
  static double[] wrk(int port, Mode mode, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    return wrk("http://127.0.0.1:" + port + "/metrics", mode, threads, connections, seconds);
  }

  /**
   * Runs wrk once against {@code url} (http or https): the values of {@link #wrk(int, Mode, int,
   * int, int)}.
   */
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
    return parseWrk(out);
  }

  /** wrk's {@code --latency} report as the values of {@link #wrk(int, Mode, int, int, int)}. */
  static double[] parseWrk(String out) {
    double requests = number(out, "(\\d+) requests in");
    double bytes = bytes(out);
    return new double[] {
      number(out, "Requests/sec:\\s+([0-9.]+)"),
      latencyMs(out, "50%"),
      latencyMs(out, "99%"),
      bytes / requests,
      requests,
      numberOr0(out, "Non-2xx or 3xx responses:\\s+(\\d+)"),
      socketErrors(out)
    };
  }

  private static double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static double numberOr0(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : 0; // wrk prints the line only if nonzero
  }

  /** wrk's "Socket errors: connect A, read B, write C, timeout D" line (absent when all are 0). */
  private static double socketErrors(String out) {
    Matcher m =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
            .matcher(out);
    if (!m.find()) {
      return 0;
    }
    double sum = 0;
    for (int g = 1; g <= 4; g++) {
      sum += Double.parseDouble(m.group(g));
    }
    return sum;
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

  static double doubleArg(String[] args, String name, double fallback) {
    String v = stringArg(args, name, null);
    return v == null ? fallback : Double.parseDouble(v);
  }

  static int intArg(String[] args, String name, int fallback) {
    String v = stringArg(args, name, null);
    return v == null ? fallback : Integer.parseInt(v);
  }

  /** The argument after {@code name} in {@code args}, or {@code fallback} if there is none. */
  static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
