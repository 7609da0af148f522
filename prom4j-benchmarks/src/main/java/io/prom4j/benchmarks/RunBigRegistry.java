package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.ExpositionFormat;
import io.prom4j.http.MetricsServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * prom4j at a million series: the text scrape time of a {@link Workload} registry that large, in
 * process (to a discarding stream) and over HTTP (one client, scrapes one after another, each body
 * read to the end), and the heap a counter series takes: used heap after a settled GC before and
 * after building N series of one labelled counter family, divided by N. The series' label values
 * are distinct strings made for them, so the figure includes them, as an application's would.
 * Writes {@code target/results/big-registry.tsv} and prints it.
 *
 * <p>Arguments (all optional): {@code --series N} (1000000), {@code --scrapes N} (15, after 5
 * unmeasured). Give it heap: {@code -Xmx4g}.
 */
public final class RunBigRegistry {

  private static final String TEXT = "text/plain; version=0.0.4";

  private static final int WARMUP = 5;

  private RunBigRegistry() {}

  public static void main(String[] args) throws Exception {
    int series = RunScrapes.intArg(args, "--series", 1_000_000);
    int scrapes = RunScrapes.intArg(args, "--scrapes", 15);

    List<String> rows = new ArrayList<>();
    rows.add(
        "# series="
            + series
            + " scrapes="
            + scrapes
            + " maxHeap="
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + "MiB, java "
            + Runtime.version());
    rows.add("# measure\tvalue");
    CollectorRegistry registry = Registries.prom4j(series);
    ExpositionFormat text = ContentNegotiation.negotiate(TEXT);
    DiscardingStream sink = new DiscardingStream();
    double[] inProcess = new double[scrapes];
    double[] overHttp = new double[scrapes];
    long bytes = 0;
    try (MetricsServer server =
        MetricsServer.builder().address("127.0.0.1").port(0).registry(registry).start()) {
      URL url = URI.create("http://127.0.0.1:" + server.port() + "/metrics").toURL();
      // Alternating, so both see the same JIT state and machine noise; the first WARMUP unmeasured.
      for (int i = -WARMUP; i < scrapes; i++) {
        long t0 = System.nanoTime();
        text.write(sink, registry.collect());
        long t1 = System.nanoTime();
        bytes = scrape(url);
        long t2 = System.nanoTime();
        if (i >= 0) {
          inProcess[i] = (t1 - t0) / 1e6;
          overHttp[i] = (t2 - t1) / 1e6;
        }
      }
    }
    rows.add("textScrapeInProcessP50ms\t" + RunScrapes.fmt(Results.median(inProcess)));
    rows.add("textScrapeHttpP50ms\t" + RunScrapes.fmt(Results.median(overHttp)));
    rows.add("responseBytes\t" + bytes);
    Reference.reachabilityFence(registry);
    registry = null;

    rows.add("heapBytesPerCounterSeries\t" + RunScrapes.fmt(heapPerCounterSeries(series)));
    Results.write("big-registry.tsv", rows);
    rows.forEach(System.out::println);
    System.out.println("rows: " + Results.DIR.resolve("big-registry.tsv"));
  }

  /**
   * One text scrape of {@code url}, the body read to the end; its length. HttpURLConnection keeps
   * the connection alive between calls and reads the body in large blocks (java.net.http's
   * InputStream body was twice as slow at 100,000 series).
   */
  private static long scrape(URL url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestProperty("Accept", TEXT);
    if (c.getResponseCode() != 200) {
      throw new IOException("scrape answered " + c.getResponseCode());
    }
    long bytes = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream body = c.getInputStream()) {
      for (int n; (n = body.read(buf)) > 0; ) {
        bytes += n;
      }
    }
    return bytes;
  }

  /** Used heap growth from {@code n} series of one labelled counter family, per series. */
  static double heapPerCounterSeries(int n) throws InterruptedException {
    long before = settledUsedHeap();
    CollectorRegistry registry = new CollectorRegistry();
    Counter counter =
        Counter.builder()
            .name("app_requests")
            .help("Requests served.")
            .labelNames("path", "status")
            .register(registry);
    for (int i = 0; i < n; i++) {
      counter.labels("/api/v1/resource/" + i, i % 5 == 0 ? "500" : "200").inc(1000 + i);
    }
    long after = settledUsedHeap();
    Reference.reachabilityFence(registry);
    return (after - before) / (double) n;
  }

  /**
   * Used heap once repeated full GCs stop changing it by more than 256 KiB, polling at most 10 s
   * (on timeout, the last value).
   */
  static long settledUsedHeap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long previous = -1;
    while (true) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      boolean settled = previous >= 0 && Math.abs(used - previous) < 256 * 1024;
      if (settled || System.nanoTime() > deadline) {
        return used;
      }
      previous = used;
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
