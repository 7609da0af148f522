package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.Gauge;
import io.prom4j.exposition.TextFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TextFormat#writeToTextfile} read by a real node_exporter's textfile collector (every other
 * collector disabled): the served samples are the written ones, the collector reports no error, and
 * files rewritten while it scrapes are always read whole.
 */
class NodeExporterTextfileIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int SERIES_PER_GENERATION = 2000;

  @TempDir static Path dir;

  private static Path textfiles;
  private static ExporterProcess nodeExporter;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @BeforeAll
  static void startNodeExporter() throws IOException {
    Path binary = Tools.require(Tools.Tool.NODE_EXPORTER);
    textfiles = Files.createDirectories(dir.resolve("textfile"));
    nodeExporter =
        ExporterProcess.start(
            binary,
            dir,
            "node-exporter-NodeExporterTextfileIT",
            port ->
                List.of(
                    "--collector.disable-defaults",
                    "--collector.textfile",
                    "--collector.textfile.directory=" + textfiles,
                    "--web.listen-address=127.0.0.1:" + port));
  }

  @AfterAll
  static void stopNodeExporter() {
    if (nodeExporter != null) {
      nodeExporter.close();
    }
  }

  @Test
  void scrape_textfileOfEveryMetricType_servesTheWrittenSamplesWithoutError() throws IOException {
    CollectorRegistry registry = InteropMetrics.create();
    Path file = textfiles.resolve("interop.prom");

    TextFormat.writeToTextfile(file, registry);

    nodeExporter.check(
        () -> {
          Map<SeriesKey, Double> served = scrape();
          assertThat(withPrefix(served, "interop_"))
              .containsExactlyInAnyOrderEntriesOf(
                  TextSamples.canonical(InteropMetrics.expectedSeries(registry, false)));
          assertThat(served)
              .containsAllEntriesOf(TextSamples.canonical(InteropMetrics.HAND_WRITTEN))
              .containsEntry(SeriesKey.of("node_textfile_scrape_error"), 0.0)
              .containsKey(SeriesKey.of("node_textfile_mtime_seconds", "file", file.toString()));
        });
  }

  @Test
  void rewrite_whileNodeExporterScrapes_everyScrapeSeesOneWholeGeneration() throws Exception {
    Path file = textfiles.resolve("generations.prom");
    TextFormat.writeToTextfile(file, generation(0));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger scrapes = new AtomicInteger();
    Set<Double> seen = new HashSet<>();
    // the reader: scrape as fast as node_exporter answers while the files are being replaced
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              while (writing.get()) {
                Map<SeriesKey, Double> served = scrape();
                assertThat(served).containsEntry(SeriesKey.of("node_textfile_scrape_error"), 0.0);
                Map<SeriesKey, Double> batch = withPrefix(served, "batch_generation_");
                double generation = served.get(SeriesKey.of("batch_generation_current"));
                assertThat(batch).hasSize(SERIES_PER_GENERATION + 1);
                assertThat(batch.values()).as("one generation per scrape").containsOnly(generation);
                synchronized (seen) {
                  seen.add(generation);
                }
                scrapes.incrementAndGet();
              }
            });
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int generations = 0;
    try {
      // at least 30 rewrites, and on until the reader has scraped 20 times during them
      while ((generations < 30 || scrapes.get() < 20)
          && !reader.isDone()
          && System.nanoTime() - deadline < 0) {
        generations++;
        TextFormat.writeToTextfile(file, generation(generations));
      }
    } finally {
      writing.set(false);
    }
    reader.get();

    assertThat(scrapes.get())
        .as("scrapes during %d rewrites", generations)
        .isGreaterThanOrEqualTo(20);
    synchronized (seen) {
      assertThat(seen).as("generations seen").hasSizeGreaterThan(1);
    }
    try (Stream<Path> entries = Files.list(textfiles)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .as("no temporary file left")
          .allMatch(name -> name.endsWith(".prom"));
    }
  }

  /** {@value #SERIES_PER_GENERATION} series and a marker, all with the value {@code g}. */
  private static CollectorRegistry generation(int g) {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder()
        .name("batch_generation_current")
        .help("The generation written.")
        .register(registry)
        .set(g);
    Gauge series =
        Gauge.builder()
            .name("batch_generation_series")
            .help("One series per index.")
            .labelNames("index")
            .register(registry);
    for (int i = 0; i < SERIES_PER_GENERATION; i++) {
      series.labels(Integer.toString(i)).set(g);
    }
    return registry;
  }

  private static Map<SeriesKey, Double> withPrefix(Map<SeriesKey, Double> series, String prefix) {
    Map<SeriesKey, Double> out = new LinkedHashMap<>();
    series.forEach(
        (k, v) -> {
          if (k.name().startsWith(prefix)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Map<SeriesKey, Double> scrape() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodeExporter.port() + "/metrics"))
            .timeout(TIMEOUT)
            .build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(response.statusCode()).as("status of GET /metrics").isEqualTo(200);
      return TextSamples.parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
