package io.prom4j.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * prom4j's built-in server under hostile clients, measured end to end: the server ({@link
 * ServeWorkload}, {@code MetricsServer} with default limits) runs in a child JVM ({@link
 * ChildJvm}), the attackers and the scrapers run here. One scenario per run; its rows replace the
 * earlier rows of the same scenario and child Java version in {@code target/results/hostile.tsv}.
 *
 * <ul>
 *   <li>{@code --scenario idle}: {@code wrk --latency} scrapes the {@link Workload} registry, first
 *       alone, then while {@link IdleConnections} holds {@code --connections} (10000) idle
 *       connections open (reconnecting each one the server closes); the child's resident memory and
 *       threads are read during each load. Options: {@code --series} (10000), {@code --seconds}
 *       (20), {@code --threads} (1), {@code --wrk-connections} (4), {@code --warmup} (5).
 *   <li>{@code --scenario soak}: {@code wrk --latency} at full speed for {@code --minutes} (10;
 *       fractions allowed) or {@code --seconds}; heap in use after a full GC before and after,
 *       resident memory and threads early and late in the load. Options: {@code --series} (10000),
 *       {@code --threads} (2), {@code --wrk-connections} (64), {@code --warmup} (5).
 *   <li>{@code --scenario big}: a child with {@code -Xmx} {@code --xmx} (1g) serves {@code
 *       --series} (1000000) series while {@code --slow-readers} (20) {@link SlowReaders} are held;
 *       a normal client makes {@code --scrapes} (10) sequential complete scrapes in text and then
 *       in OpenMetrics. Reports completed scrapes, their median time and size, heap after GC,
 *       whether the child logged an {@code OutOfMemoryError} and whether it is still alive.
 * </ul>
 *
 * <p>{@code --java PATH} runs the child on another JDK (default: this JVM's {@code java}).
 */
public final class RunHostile {
  static final String FILE = "hostile.tsv";

  static final String IDLE_COLUMNS =
      "idle\tjava\tidleConnections\theldMin\theldMax\tpendingMax\treconnectsPerSecond"
          + "\tconnectFailures\tscrapesPerSecond\tp50ms\tp99ms\tscrapes\tnon2xx\tsocketErrors"
          + "\trssMiB\tthreads\tsetup";
  static final String SOAK_COLUMNS =
      "soak\tjava\tseconds\tscrapesPerSecond\tp50ms\tp99ms\tscrapes\tnon2xx\tsocketErrors"
          + "\theapStartMiB\theapEndMiB\trssStartMiB\trssEndMiB\tthreadsStart\tthreadsEnd\tsetup";
  static final String BIG_COLUMNS =
      "big\tjava\tseries\tformat\tcompleted\tattempted\tp50ms\tmaxMs\tbodyBytes\tfailures"
          + "\theapStartMiB\theapEndMiB\trssEndMiB\tslowReaders\tslowReaderCuts\toutOfMemory\taliveAtEnd\tsetup";

  private RunHostile() {}

  public static void main(String[] args) throws Exception {
    String scenario = RunScrapes.stringArg(args, "--scenario", "");
    Path java =
        Path.of(
            RunScrapes.stringArg(
                args,
                "--java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    switch (scenario) {
      case "idle" -> idle(args, java);
      case "soak" -> soak(args, java);
      case "big" -> big(args, java);
      default ->
          throw new IllegalArgumentException(
              "--scenario must be idle, soak or big: " + (scenario.isEmpty() ? "none" : scenario));
    }
  }

  private static void idle(String[] args, Path java) throws Exception {
    int series = RunScrapes.intArg(args, "--series", 10_000);
    int target = RunScrapes.intArg(args, "--connections", 10_000);
    int seconds = RunScrapes.intArg(args, "--seconds", 20);
    int threads = RunScrapes.intArg(args, "--threads", 1);
    int connections = RunScrapes.intArg(args, "--wrk-connections", 4);
    int warmup = RunScrapes.intArg(args, "--warmup", 5);
    long openFiles = openFilesLimit();
    if (openFiles >= 0 && openFiles < target + 200L) {
      throw new IllegalStateException(
          "--connections "
              + target
              + " needs an open-files limit above "
              + (target + 200)
              + ": this process has "
              + openFiles
              + " (raise it with ulimit -n first)");
    }
    String setup = wrkSetup(series, threads, connections, seconds);
    List<String> rows = new ArrayList<>();
    try (ChildJvm child = ChildJvm.start(java, series)) {
      String url = url(child);
      RunScrapes.wrk(url, RunScrapes.Mode.PLAIN, threads, connections, warmup);
      rows.add(idleRow(child, null, 0, url, threads, connections, seconds, setup));
      InetSocketAddress server = new InetSocketAddress("127.0.0.1", child.port());
      try (IdleConnections idle = IdleConnections.open(server, target)) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (idle.connected() + idle.pending() < target && System.nanoTime() < deadline) {
          Thread.sleep(100); // every connection attempted once
        }
        Thread.sleep(2000); // and the server's answer to them under way
        rows.add(idleRow(child, idle, target, url, threads, connections, seconds, setup));
      }
      write("idle", child.version(), rows);
    }
  }

  private static String idleRow(
      ChildJvm child,
      IdleConnections idle,
      int target,
      String url,
      int threads,
      int connections,
      int seconds,
      String setup)
      throws Exception {
    long reconnects = idle == null ? 0 : idle.reconnects();
    long failures = idle == null ? 0 : idle.connectFailures();
    long start = System.nanoTime();
    LoadSampler sampler = LoadSampler.start(child, idle);
    double[] w = RunScrapes.wrk(url, RunScrapes.Mode.PLAIN, threads, connections, seconds);
    List<LoadSampler.Sample> samples = sampler.stop();
    double elapsed = (System.nanoTime() - start) / 1e9;
    double reconnectsPerSecond = idle == null ? 0 : (idle.reconnects() - reconnects) / elapsed;
    long connectFailures = idle == null ? 0 : idle.connectFailures() - failures;
    String row =
        String.join(
            "\t",
            "idle",
            child.version(),
            Integer.toString(target),
            Long.toString(
                samples.stream().mapToLong(LoadSampler.Sample::connected).min().orElse(0)),
            Long.toString(
                samples.stream().mapToLong(LoadSampler.Sample::connected).max().orElse(0)),
            Long.toString(samples.stream().mapToLong(LoadSampler.Sample::pending).max().orElse(0)),
            RunScrapes.fmt(reconnectsPerSecond),
            Long.toString(connectFailures),
            RunScrapes.fmt(w[0]),
            RunScrapes.fmt(w[1]),
            RunScrapes.fmt(w[2]),
            count(w[4]),
            count(w[5]),
            count(w[6]),
            RunScrapes.fmt(
                samples.stream().mapToLong(LoadSampler.Sample::rssKb).max().orElse(0) / 1024.0),
            Long.toString(samples.stream().mapToLong(LoadSampler.Sample::threads).max().orElse(0)),
            setup);
    System.out.println(labelled(IDLE_COLUMNS, row));
    return row;
  }

  private static void soak(String[] args, Path java) throws Exception {
    int series = RunScrapes.intArg(args, "--series", 10_000);
    double minutes = Double.parseDouble(RunScrapes.stringArg(args, "--minutes", "10"));
    int seconds = RunScrapes.intArg(args, "--seconds", (int) Math.round(minutes * 60));
    int threads = RunScrapes.intArg(args, "--threads", 2);
    int connections = RunScrapes.intArg(args, "--wrk-connections", 64);
    int warmup = RunScrapes.intArg(args, "--warmup", 5);
    String setup = wrkSetup(series, threads, connections, seconds);
    try (ChildJvm child = ChildJvm.start(java, series)) {
      String url = url(child);
      RunScrapes.wrk(url, RunScrapes.Mode.PLAIN, threads, connections, warmup);
      double heapStart = child.heapAfterGcMiB();
      LoadSampler sampler = LoadSampler.start(child, null);
      double[] w = RunScrapes.wrk(url, RunScrapes.Mode.PLAIN, threads, connections, seconds);
      List<LoadSampler.Sample> samples = sampler.stop();
      double heapEnd = child.heapAfterGcMiB();
      // early: a second into the load; late: the last reading before wrk returned
      LoadSampler.Sample early = samples.get(Math.min(2, samples.size() - 1));
      LoadSampler.Sample late = samples.get(Math.max(0, samples.size() - 2));
      String row =
          String.join(
              "\t",
              "soak",
              child.version(),
              Integer.toString(seconds),
              RunScrapes.fmt(w[0]),
              RunScrapes.fmt(w[1]),
              RunScrapes.fmt(w[2]),
              count(w[4]),
              count(w[5]),
              count(w[6]),
              RunScrapes.fmt(heapStart),
              RunScrapes.fmt(heapEnd),
              RunScrapes.fmt(early.rssKb() / 1024.0),
              RunScrapes.fmt(late.rssKb() / 1024.0),
              Long.toString(early.threads()),
              Long.toString(late.threads()),
              setup);
      System.out.println(labelled(SOAK_COLUMNS, row));
      write("soak", child.version(), List.of(row));
    }
  }

  private static void big(String[] args, Path java) throws Exception {
    int series = RunScrapes.intArg(args, "--series", 1_000_000);
    String xmx = RunScrapes.stringArg(args, "--xmx", "1g");
    int readers = RunScrapes.intArg(args, "--slow-readers", 20);
    int scrapes = RunScrapes.intArg(args, "--scrapes", 10);
    String setup =
        "-Xmx" + xmx + ", " + readers + " slow readers, " + scrapes + " scrapes per format";
    List<String> rows = new ArrayList<>();
    try (ChildJvm child = ChildJvm.start(java, series, "-Xmx" + xmx)) {
      double heapStart = heapOrNaN(child);
      InetSocketAddress server = new InetSocketAddress("127.0.0.1", child.port());
      List<CompleteScrapes> formats = new ArrayList<>();
      double heapEnd;
      long cuts;
      try (SlowReaders slow = SlowReaders.start(server, readers)) {
        Thread.sleep(2000); // every reader has asked; the server is answering them
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        formats.add(CompleteScrapes.run(http, url(child), "text", null, scrapes));
        formats.add(
            CompleteScrapes.run(
                http, url(child), "openmetrics", SlowReaders.OPENMETRICS_ACCEPT, scrapes));
        heapEnd = heapOrNaN(child);
        cuts = slow.cuts();
      }
      String log = child.log();
      boolean oom = log.contains("OutOfMemoryError");
      boolean alive = child.alive();
      long rssKb = child.status("VmRSS");
      double rss = rssKb < 0 ? Double.NaN : rssKb / 1024.0;
      if (!log.isBlank()) {
        System.out.println(
            "child stderr (first 2000 chars):\n" + log.substring(0, Math.min(2000, log.length())));
      }
      for (CompleteScrapes f : formats) {
        String row =
            String.join(
                "\t",
                "big",
                child.version(),
                Integer.toString(series),
                f.format(),
                Integer.toString(f.completed()),
                Integer.toString(f.attempted()),
                RunScrapes.fmt(f.p50ms()),
                RunScrapes.fmt(f.maxMs()),
                Long.toString(f.bodyBytes()),
                f.failures(),
                RunScrapes.fmt(heapStart),
                RunScrapes.fmt(heapEnd),
                RunScrapes.fmt(rss),
                Integer.toString(readers),
                Long.toString(cuts),
                Boolean.toString(oom),
                Boolean.toString(alive),
                setup);
        System.out.println(labelled(BIG_COLUMNS, row));
        rows.add(row);
      }
      write("big", child.version(), rows);
    }
  }

  private static double heapOrNaN(ChildJvm child) throws InterruptedException {
    try {
      return child.heapAfterGcMiB();
    } catch (IOException e) {
      System.out.println("no heap reading: " + e.getMessage());
      return Double.NaN; // the child has died
    }
  }

  /** This process's soft open-files limit from /proc/self/limits, or -1 if unknown. */
  private static long openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: let the connects fail if the limit is too low (counted as connectFailures)
    }
    return -1;
  }

  private static String count(double v) {
    return Long.toString((long) v);
  }

  private static String url(ChildJvm child) {
    return "http://127.0.0.1:" + child.port() + "/metrics";
  }

  /** Replaces the rows of {@code scenario} on {@code java} in hostile.tsv with {@code rows}. */
  private static void write(String scenario, String java, List<String> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# " + IDLE_COLUMNS);
    lines.add("# " + SOAK_COLUMNS);
    lines.add("# " + BIG_COLUMNS);
    for (String[] r : Results.read(FILE)) {
      if (!(r[0].equals(scenario) && r[1].equals(java))) {
        lines.add(String.join("\t", r));
      }
    }
    lines.addAll(rows);
    Results.write(FILE, lines);
    System.out.println("rows: " + Results.DIR.resolve(FILE));
  }

  /** "name=value" pairs of a row, for the console. */
  private static String labelled(String columns, String row) {
    String[] names = columns.split("\t");
    String[] values = row.split("\t");
    StringBuilder b = new StringBuilder(values[0]);
    for (int i = 1; i < values.length; i++) {
      b.append(' ').append(names[i]).append('=').append(values[i]);
    }
    return b.toString();
  }

  /** The setup column of a wrk load: the registry size and the wrk command's options. */
  private static String wrkSetup(int series, int threads, int connections, int seconds) {
    return "series="
        + series
        + " wrk -t"
        + threads
        + " -c"
        + connections
        + " -d"
        + seconds
        + "s --latency";
  }
}
