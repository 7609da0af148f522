package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.Histogram;
import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counter, gauge and histogram families keep what a scrape wrote, and the next scrape copies the
 * lines of the series that did not change: every scrape must still be exactly what formatting
 * everything again writes.
 */
class KeptLinesTest {

  private static final TextDialect[] DIALECTS = {
    TextDialect.TEXT,
    TextDialect.TEXT_CREATED,
    TextDialect.OPENMETRICS,
    TextDialect.OPENMETRICS_CREATED
  };

  private CollectorRegistry registry;
  private Counter requests;
  private Gauge queue;
  private Histogram latency;

  @BeforeEach
  void setUp() {
    registry = new CollectorRegistry();
    requests =
        Counter.builder()
            .name("app_requests")
            .help("Requests served.")
            .labelNames("path", "status")
            .register(registry);
    queue =
        Gauge.builder()
            .name("app_queue")
            .help("Items queued.")
            .labelNames("queue")
            .register(registry);
    latency =
        Histogram.builder()
            .name("app_latency")
            .help("Latency.")
            .labelNames("route")
            .register(registry);
    for (int i = 0; i < 50; i++) {
      requests.labels("/item/" + i, i % 5 == 0 ? "500" : "200").inc(i);
      queue.labels("q" + i).set(i * 0.5);
    }
    for (int i = 0; i < 5; i++) {
      latency.labels("r" + i).observe(0.2 * i);
    }
  }

  /** What the writer gives with the kept lines, and it must be what it gives without them. */
  private String scrape(TextDialect dialect, EscapingScheme scheme) throws IOException {
    List<MetricFamily> families = registry.collect();
    String kept = write(families, dialect, scheme, true);
    assertThat(kept).isEqualTo(write(families, dialect, scheme, false));
    return kept;
  }

  private static String write(
      List<MetricFamily> families, TextDialect dialect, EscapingScheme scheme, boolean keep)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FamilyWriter.write(out, families, dialect, scheme, true, true, keep);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A protobuf scrape, which must be what encoding the same points afresh gives. */
  private byte[] scrapeProtobuf() throws IOException {
    List<MetricFamily> families = registry.collect();
    byte[] kept = encode(families);
    assertThat(kept).isEqualTo(encode(unkept(families)));
    return kept;
  }

  private static byte[] encode(List<MetricFamily> families) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProtobufFormat.standard().write(out, families);
    return out.toByteArray();
  }

  /** The same families with their points in plain lists, which keep nothing. */
  private static List<MetricFamily> unkept(List<MetricFamily> families) {
    List<MetricFamily> copies = new ArrayList<>();
    for (MetricFamily f : families) {
      copies.add(
          new MetricFamily(f.name(), f.help(), f.type(), f.unit(), new ArrayList<>(f.points())));
    }
    return copies;
  }

  /** Every text dialect (checked against formatting afresh) and protobuf (checked too). */
  private String scrapeEveryDialect() throws IOException {
    StringBuilder all = new StringBuilder();
    for (TextDialect d : DIALECTS) {
      all.append(scrape(d, EscapingScheme.UNDERSCORES));
    }
    scrapeProtobuf();
    return all.toString();
  }

  @Test
  void unchangedSeries_scrapedAgain_giveTheSameBytes() throws IOException {
    String first = scrapeEveryDialect();
    byte[] protobuf = scrapeProtobuf();

    assertThat(scrapeEveryDialect()).isEqualTo(first);
    assertThat(scrapeEveryDialect()).isEqualTo(first);
    assertThat(scrapeProtobuf()).isEqualTo(protobuf);
  }

  @Test
  void changedValues_appearInTheNextScrape_inEveryDialect() throws IOException {
    scrapeEveryDialect();

    requests.labels("/item/0", "500").inc(7); // the first series
    requests.labels("/item/17", "200").inc(0.25); // one in the middle
    queue.labels("q49").set(-3); // the last series
    latency.labels("r2").observe(7); // a histogram series in the middle

    String after = scrapeEveryDialect();
    assertThat(after)
        .contains("app_latency_bucket{route=\"r2\",le=\"7.5\"} 2\n")
        .contains("app_latency_count{route=\"r2\"} 2\n")
        .contains("app_latency_count{route=\"r3\"} 1\n")
        .contains("app_requests_total{path=\"/item/0\",status=\"500\"} 7.0\n")
        .contains("app_requests_total{path=\"/item/17\",status=\"200\"} 17.25\n")
        .contains("app_queue{queue=\"q49\"} -3.0\n")
        .contains("app_requests_total{path=\"/item/18\",status=\"200\"} 18.0\n");
  }

  @Test
  void everySeriesChanging_betweenEveryScrape_staysExact() throws IOException {
    for (int round = 0; round < 5; round++) {
      for (int i = round % 3; i < 50; i += 3) {
        requests.labels("/item/" + i, i % 5 == 0 ? "500" : "200").inc();
        queue.labels("q" + i).inc(round);
      }
      latency.labels("r" + round).observe(round);
      scrapeEveryDialect();
    }
  }

  @Test
  void addedAndRemovedSeries_appearAndDisappear() throws IOException {
    scrapeEveryDialect();

    requests.labels("/new", "200").inc(3);
    assertThat(scrapeEveryDialect())
        .contains("app_requests_total{path=\"/new\",status=\"200\"} 3.0\n");

    latency.labels("r9").observe(1);
    assertThat(scrapeEveryDialect()).contains("app_latency_count{route=\"r9\"} 1\n");

    requests.remove("/item/3", "200");
    queue.clear();
    latency.remove("r0");
    String after = scrapeEveryDialect();
    assertThat(after)
        .doesNotContain("/item/3\"")
        .doesNotContain("app_queue{")
        .doesNotContain("route=\"r0\"");
    assertThat(after).contains("app_requests_total{path=\"/item/4\",status=\"200\"} 4.0\n");
  }

  @Test
  void exemplar_changedWithTheSameValue_appearsInOpenMetrics() throws IOException {
    requests.labels("/item/1", "200").incWithExemplar(0, Labels.of("trace_id", "aaa"));
    assertThat(scrape(TextDialect.OPENMETRICS, EscapingScheme.UNDERSCORES))
        .contains(
            "app_requests_total{path=\"/item/1\",status=\"200\"} 1.0 # {trace_id=\"aaa\"} 0.0");

    byte[] before = scrapeProtobuf();
    requests.labels("/item/1", "200").incWithExemplar(0, Labels.of("trace_id", "bbb"));
    assertThat(scrapeProtobuf()).isNotEqualTo(before);
    String after = scrape(TextDialect.OPENMETRICS, EscapingScheme.UNDERSCORES);
    assertThat(after).contains("# {trace_id=\"bbb\"} 0.0").doesNotContain("trace_id=\"aaa\"");
    assertThat(scrape(TextDialect.TEXT, EscapingScheme.UNDERSCORES)).doesNotContain("trace_id");
  }

  @Test
  void histogramExemplar_appearsInOpenMetrics_andNotInText() throws IOException {
    scrapeEveryDialect();
    latency.labels("r1").observeWithExemplar(0.3, Labels.of("trace_id", "ccc"));

    assertThat(scrape(TextDialect.OPENMETRICS, EscapingScheme.UNDERSCORES))
        .contains("app_latency_bucket{route=\"r1\",le=\"0.5\"} 2 # {trace_id=\"ccc\"} 0.3 ");
    assertThat(scrape(TextDialect.TEXT, EscapingScheme.UNDERSCORES)).doesNotContain("trace_id");
    scrapeEveryDialect();
  }

  @Test
  void histogramFamily_keepsItsProtobufRecord_andEncodesOnlyTheSeriesThatChanged()
      throws IOException {
    byte[] first = scrapeProtobuf();
    Object kept = keptProtobuf(latency);
    assertThat(kept).isInstanceOf(RenderedSnapshots.class);

    assertThat(scrapeProtobuf()).isEqualTo(first);
    assertThat(keptProtobuf(latency)).isSameAs(kept); // nothing changed: the same record

    latency.labels("r0").observe(3); // the first series
    latency.labels("r3").observeWithExemplar(0.1, Labels.of("trace_id", "ddd"));
    byte[] after = scrapeProtobuf(); // equal to encoding everything afresh
    assertThat(after).isNotEqualTo(first);
    assertThat(new String(after, StandardCharsets.UTF_8)).contains("ddd");
    assertThat(keptProtobuf(latency)).isNotSameAs(kept);
  }

  @Test
  void anotherEscapingScheme_isNotServedTheKeptBytes() throws IOException {
    Counter dotted =
        Counter.builder().name("app.dotted").help("Dotted.").labelNames("k").register(registry);
    dotted.labels("v").inc();

    String underscores = scrape(TextDialect.OPENMETRICS, EscapingScheme.UNDERSCORES);
    String dots = scrape(TextDialect.OPENMETRICS, EscapingScheme.DOTS);
    String utf8 = scrape(TextDialect.OPENMETRICS, EscapingScheme.ALLOW_UTF8);

    assertThat(underscores).contains("app_dotted_total{k=\"v\"} 1.0\n");
    assertThat(dots).contains("app_dot_dotted__total{k=\"v\"} 1.0\n");
    assertThat(utf8).contains("{\"app.dotted_total\",k=\"v\"} 1.0\n");
    assertThat(scrape(TextDialect.OPENMETRICS, EscapingScheme.UNDERSCORES)).isEqualTo(underscores);
  }

  @Test
  void familyBuiltOnAMetricsPoints_underAnotherName_isNotServedTheMetricsBytes()
      throws IOException {
    MetricFamily own = requests.collect().get(0);
    MetricFamily alias =
        new MetricFamily("legacy_requests", "Old name.", own.type(), "", own.points());
    List<MetricFamily> both = List.of(own, alias);

    for (int i = 0; i < 2; i++) {
      String kept = write(both, TextDialect.TEXT, EscapingScheme.UNDERSCORES, true);
      assertThat(kept).isEqualTo(write(both, TextDialect.TEXT, EscapingScheme.UNDERSCORES, false));
      assertThat(kept).contains("legacy_requests_total{path=\"/item/1\",status=\"200\"} 1.0\n");
      assertThat(encode(both)).isEqualTo(encode(unkept(both)));
    }
  }

  @Test
  void gaugeFunction_isCalledOncePerScrape() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    queue.labels("fn").setFunction(() -> calls.incrementAndGet() % 2);

    for (int i = 1; i <= 4; i++) {
      write(registry.collect(), TextDialect.TEXT, EscapingScheme.UNDERSCORES, true);
      assertThat(calls).hasValue(i);
    }
  }

  @Test
  void familyLargerThanTheBudget_isWrittenExactly_andKeepsOnlyItsSize() throws IOException {
    Counter big =
        Counter.builder().name("app_big").help("Big.").labelNames("id").register(registry);
    String padding = "x".repeat(1000);
    for (int i = 0; i < (int) (FamilyWriter.KEPT_BYTES / 1000) + 10; i++) {
      big.labels(padding + i).inc(i);
    }
    Counter after =
        Counter.builder().name("app_zz").help("Last.").labelNames("k").register(registry);
    after.labels("v").inc();

    scrape(TextDialect.TEXT, EscapingScheme.UNDERSCORES);
    scrape(TextDialect.TEXT, EscapingScheme.UNDERSCORES);

    assertThat(kept(requests)).isInstanceOf(RenderedFamily.class);
    assertThat(kept(big)).isInstanceOf(RenderedFamily.Oversized.class);
    assertThat(kept(after)).isInstanceOf(RenderedFamily.class); // what is left still serves it
  }

  @Test
  void concurrentScrapesAndUpdates_eachScrapeIsExact() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    threads.add(
        new Thread(
            () -> {
              for (int n = 0; running.get(); n = (n + 1) % 50) {
                requests.labels("/item/" + n, n % 5 == 0 ? "500" : "200").inc();
                latency.labels("r" + n % 5).observe(n * 0.01);
              }
            }));
    for (int t = 0; t < 2; t++) {
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 300; i++) {
                    List<MetricFamily> families = registry.collect();
                    String text =
                        write(families, TextDialect.TEXT, EscapingScheme.UNDERSCORES, true);
                    assertWellFormed(text);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads.subList(1, threads.size())) {
      t.join();
    }
    running.set(false);
    threads.get(0).join();
    assertThat(failure.get()).isNull();

    // Once the updates stop, every format shows their last values: no update was missed.
    assertThat(scrapeEveryDialect()).isNotEmpty();
  }

  /**
   * An increment writes its value and then marks its metric changed. A scrape that runs between the
   * two reads the new value; a scrape in another format must not then show the value from before,
   * from lines it kept while the mark was still unset. The increment is held between its two steps
   * by its metric's clock, which the exemplar sampler reads in between (a new series' first
   * increment is due a sample; no span is current, so none is recorded).
   */
  @Test
  void incrementBetweenItsWriteAndItsMark_onceShown_isShownByEveryLaterScrape() throws Exception {
    int writers = DIALECTS.length + 1; // the last: protobuf
    for (int stale = 0; stale < writers; stale++) {
      int reader = (stale + 1) % writers; // each writer once the reader, once the one that kept
      HoldingClock clock = new HoldingClock();
      CollectorRegistry r = new CollectorRegistry();
      Counter jobs =
          Counter.builder().name("jobs").help("Jobs.").labelNames("k").clock(clock).register(r);
      jobs.labels("a").inc();
      Counter.Child b = jobs.labels("b");
      keptAndAfresh(r, stale); // keeps b at 0
      keptAndAfresh(r, stale); // and again: from what it kept, while the count stays

      Thread increment = clock.holding(b::inc); // the value is written, the mark is not
      try {
        String[] read = keptAndAfresh(r, reader);
        assertThat(read[0]).as("read by %d", reader).isEqualTo(read[1]); // b at 1
        String[] kept = keptAndAfresh(r, stale);
        assertThat(kept[0]).as("kept by %d, read by %d", stale, reader).isEqualTo(kept[1]);
      } finally {
        clock.release();
        increment.join();
      }
    }
  }

  /**
   * A scrape of {@code r} in {@code DIALECTS[i]} (protobuf for the index past them), and the same
   * families formatted afresh.
   */
  private static String[] keptAndAfresh(CollectorRegistry r, int i) throws IOException {
    List<MetricFamily> families = r.collect();
    if (i < DIALECTS.length) {
      return new String[] {
        write(families, DIALECTS[i], EscapingScheme.UNDERSCORES, true),
        write(families, DIALECTS[i], EscapingScheme.UNDERSCORES, false)
      };
    }
    return new String[] {
      new String(encode(families), StandardCharsets.ISO_8859_1),
      new String(encode(unkept(families)), StandardCharsets.ISO_8859_1)
    };
  }

  /**
   * A fixed clock whose {@code millis()} can hold the thread that calls it: {@link #holding} starts
   * {@code task} on a thread and returns once that thread is held; {@link #release} lets it go.
   */
  private static final class HoldingClock implements InstantSource {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holding;

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(1_700_000_000);
    }

    @Override
    public long millis() {
      if (holding) {
        holding = false;
        held.countDown();
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return instant().toEpochMilli();
    }

    Thread holding(Runnable task) throws InterruptedException {
      holding = true;
      Thread t = new Thread(task, "held");
      t.start();
      assertThat(held.await(10, TimeUnit.SECONDS)).as("thread held by the clock").isTrue();
      return t;
    }

    void release() {
      released.countDown();
    }
  }

  private static long generation(io.prom4j.Metric<?> metric) {
    return ((RenderedPoints) metric.collect().get(0).points()).generation();
  }

  @Test
  void generation_staysWhileNothingChanges_andMovesOnWithEveryKindOfUpdate() {
    long g = generation(requests);
    assertThat(generation(requests)).isEqualTo(g);

    requests.labels("/item/1", "200").inc();
    long afterInc = generation(requests);
    assertThat(afterInc).isNotEqualTo(g);
    assertThat(generation(requests)).isEqualTo(afterInc);

    requests.labels("/item/1", "200").incWithExemplar(0, Labels.of("trace_id", "x"));
    assertThat(generation(requests)).isNotEqualTo(afterInc);

    long q = generation(queue);
    queue.labels("q1").set(9);
    assertThat(generation(queue)).isNotEqualTo(q);
    q = generation(queue);
    queue.labels("q1").dec();
    assertThat(generation(queue)).isNotEqualTo(q);
  }

  @Test
  void generation_ofAGaugeFunction_orAHistogram_isUntracked() {
    queue.labels("fn").setFunction(() -> 1);
    assertThat(generation(queue)).isEqualTo(RenderedPoints.UNTRACKED);
    assertThat(generation(latency)).isEqualTo(RenderedPoints.UNTRACKED);
  }

  @Test
  void gaugeFunction_setAfterAScrape_showsInTheNextOne() throws IOException {
    queue.labels("q1").set(1);
    scrapeEveryDialect();
    queue.labels("q1").setFunction(() -> 42);
    assertThat(scrapeEveryDialect()).contains("app_queue{queue=\"q1\"} 42.0\n");
  }

  /** Each counter series exactly once, on a whole line of its own. */
  private static void assertWellFormed(String text) {
    long lines =
        text.lines()
            .filter(l -> l.startsWith("app_requests_total{"))
            .peek(
                l ->
                    assertThat(l)
                        .matches(
                            "app_requests_total\\{path=\"/item/\\d+\",status=\"\\d+\"\\} \\d+\\.\\d+(e\\+\\d+)?"))
            .count();
    assertThat(lines).isEqualTo(50);
    // a histogram series' +Inf bucket is its count: one snapshot, not lines from two
    for (int r = 0; r < 5; r++) {
      String route = "{route=\"r" + r + "\"";
      String inf = line(text, "app_latency_bucket" + route + ",le=\"+Inf\"} ");
      String count = line(text, "app_latency_count" + route + "} ");
      assertThat(inf.substring(inf.lastIndexOf(' ')))
          .isEqualTo(count.substring(count.lastIndexOf(' ')));
    }
  }

  private static String line(String text, String prefix) {
    List<String> found = text.lines().filter(l -> l.startsWith(prefix)).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static Object keptProtobuf(io.prom4j.Metric<?> metric) {
    return ((RenderedPoints) metric.collect().get(0).points()).rendered(RenderedPoints.PROTOBUF);
  }

  private static Object kept(io.prom4j.Metric<?> metric) {
    return ((RenderedPoints) metric.collect().get(0).points()).rendered(RenderedPoints.TEXT);
  }
}
