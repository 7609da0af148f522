package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What HTTPS costs a scrape: two prom4j {@code MetricsServer}s in this JVM serve the SAME registry,
 * one over plain HTTP and one over HTTPS (an EC P-256 certificate made with {@code openssl} in a
 * temporary directory, deleted afterwards), and {@code wrk} loads each in turn with the same
 * command, alternating for several rounds so that both see the same machine noise. wrk keeps its
 * connections alive, so this measures TLS record encryption of the response, not handshakes. Writes
 * one row per run to {@code target/results/tls-scrapes-<mode>.tsv} and prints the medians.
 *
 * <p>Arguments (all optional): {@code --series N} (10000), {@code --rounds N} (3), {@code
 * --duration S} (5), {@code --threads N} (1), {@code --connections N} (2), {@code --mode
 * PLAIN|GZIP|PROMETHEUS3} (PLAIN: no Accept-Encoding, text format).
 */
public final class RunTlsScrapes {

  private RunTlsScrapes() {}

  public static void main(String[] args) throws Exception {
    int series = RunScrapes.intArg(args, "--series", 10_000);
    int rounds = RunScrapes.intArg(args, "--rounds", 3);
    int duration = RunScrapes.intArg(args, "--duration", 5);
    int threads = RunScrapes.intArg(args, "--threads", 1);
    int connections = RunScrapes.intArg(args, "--connections", 2);
    RunScrapes.Mode mode = RunScrapes.Mode.valueOf(RunScrapes.stringArg(args, "--mode", "PLAIN"));

    String file = "tls-scrapes-" + mode.name().toLowerCase(Locale.ROOT) + ".tsv";
    String command = "wrk -t" + threads + " -c" + connections + " -d" + duration + "s --latency";
    List<String> rows = new ArrayList<>();
    rows.add(
        "# series=" + series + " mode=" + mode + " " + command + ", java " + Runtime.version());
    rows.add("# target\tround\tscrapesPerSecond\tp50ms\tp99ms\tresponseBytes");
    String[] targets = {"http", "https"};
    double[][][] runs = new double[2][rounds][];
    Path dir = Files.createTempDirectory("prom4j-tls-bench");
    try {
      Path cert = dir.resolve("server.crt");
      Path key = dir.resolve("server.key");
      openssl(dir, cert, key);
      CollectorRegistry registry = Registries.prom4j(series);
      try (MetricsServer http =
              MetricsServer.builder().address("127.0.0.1").port(0).registry(registry).start();
          MetricsServer https =
              MetricsServer.builder()
                  .address("127.0.0.1")
                  .port(0)
                  .registry(registry)
                  .certFile(cert)
                  .keyFile(key)
                  .start()) {
        String[] urls = {
          "http://127.0.0.1:" + http.port() + "/metrics",
          "https://127.0.0.1:" + https.port() + "/metrics"
        };
        for (String url : urls) { // warm both up: JIT, TLS sessions, buffers
          RunScrapes.wrk(url, mode, threads, connections, 2);
        }
        for (int round = 0; round < rounds; round++) {
          for (int t = 0; t < 2; t++) {
            double[] m = RunScrapes.wrk(urls[t], mode, threads, connections, duration);
            runs[t][round] = m;
            rows.add(
                String.join(
                    "\t",
                    targets[t],
                    Integer.toString(round + 1),
                    RunScrapes.fmt(m[0]),
                    RunScrapes.fmt(m[1]),
                    RunScrapes.fmt(m[2]),
                    RunScrapes.fmt(m[3])));
            Results.write(file, rows);
          }
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }

    System.out.printf(
        Locale.ROOT,
        "%d series, mode %s, %s, %d rounds, medians:%n",
        series,
        mode,
        command,
        rounds);
    double[] rate = new double[2];
    for (int t = 0; t < 2; t++) {
      rate[t] = median(runs[t], 0);
      System.out.printf(
          Locale.ROOT,
          "  %-5s %9.1f scrapes/s   p50 %7.3f ms   p99 %7.3f ms" + "   %8.0f bytes/response%n",
          targets[t],
          rate[t],
          median(runs[t], 1),
          median(runs[t], 2),
          median(runs[t], 3));
    }
    System.out.printf(Locale.ROOT, "  https / http throughput: %.3f%n", rate[1] / rate[0]);
    System.out.println("  rows: " + Results.DIR.resolve(file));
  }

  /** A self-signed EC P-256 certificate for localhost and 127.0.0.1 (wrk does not verify). */
  private static void openssl(Path dir, Path cert, Path key)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("openssl failed: " + out);
    }
  }

  private static double median(double[][] runs, int column) {
    double[] values = new double[runs.length];
    for (int i = 0; i < runs.length; i++) {
      values[i] = runs[i][column];
    }
    return Results.median(values);
  }
}
