package io.prom4j.demo;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.Histogram;
import io.prom4j.Info;
import io.prom4j.model.Labels;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A simulated service: every 50 ms it "handles" a request (a method, a status code and a latency
 * drawn at random) and lets its queue grow or shrink. The metrics are what a real service would
 * export. Each request gets a made-up trace (random W3C-sized ids), recorded as an exemplar on the
 * request counter and the latency histogram, as a traced service's would be: scrape with
 * OpenMetrics or protobuf to see them.
 */
final class Workload implements AutoCloseable {

  private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] CODES = {
    "200", "200", "200", "200", "200", "200", "201", "404", "500"
  };

  final Counter requests;
  final Histogram latency;
  final Gauge queueSize;
  final Info build;
  private final SplittableRandom random = new SplittableRandom();
  private final ScheduledExecutorService ticker;
  private int queued; // only touched by the ticker thread

  /** Registers the metrics in {@code registry}; call {@link #start()} to produce traffic. */
  Workload(CollectorRegistry registry) {
    requests =
        Counter.builder()
            .name("demo_requests")
            .help("Requests handled.")
            .labelNames("method", "code")
            .register(registry);
    latency =
        Histogram.builder()
            .name("demo_request_duration_seconds")
            .help("Time spent handling a request.")
            .unit("seconds")
            .register(registry);
    queueSize =
        Gauge.builder()
            .name("demo_queue_size")
            .help("Items waiting in the queue.")
            .register(registry);
    build = Info.builder().name("demo_build").help("Build of the demo.").register(registry);
    String version = Workload.class.getPackage().getImplementationVersion();
    build.info(
        Map.of(
            "version",
            version != null ? version : "dev",
            "java_version",
            System.getProperty("java.version")));
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "prom4j-demo-workload");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts producing traffic on a daemon thread. */
  Workload start() {
    ticker.scheduleAtFixedRate(this::tick, 0, 50, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One simulated request and one queue change. */
  void tick() {
    String code = CODES[random.nextInt(CODES.length)];
    Labels trace = trace();
    requests.labels(METHODS[random.nextInt(METHODS.length)], code).incWithExemplar(1, trace);
    // Mostly fast, with a long tail; errors are slower.
    double seconds = -Math.log(1 - random.nextDouble()) * (code.equals("500") ? 0.8 : 0.08);
    latency.observeWithExemplar(seconds, trace);
    queued = Math.max(0, Math.min(100, queued + random.nextInt(-2, 3)));
    queueSize.set(queued);
  }

  /** A made-up trace: a 32-hex-digit trace id and a 16-hex-digit span id. */
  private Labels trace() {
    HexFormat hex = HexFormat.of();
    String traceId = hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
    return Labels.of("trace_id", traceId, "span_id", hex.toHexDigits(random.nextLong()));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
