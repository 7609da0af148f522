package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.exposition.ExpositionFormat;
import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.exposition.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a scraper sees while the application updates its metrics: every scrape, rendered to bytes by
 * the real formats and parsed back, is internally consistent (each histogram's {@code le="+Inf"}
 * bucket equals its {@code _count}, buckets are cumulative) and never goes backwards (no bucket,
 * count or counter below its value in the previous scrape); once the writers are done, the totals
 * are exact.
 */
class ScrapeConsistencyTest {

  private static final int WRITERS = 4;

  /** Each writer updates at least this often, and on until the scraper has scraped enough. */
  private static final int MIN_ITERATIONS = 20_000;

  /** Scrapes taken while every writer is still updating. */
  private static final int MIN_SCRAPES = 200;

  private static final String[] CODES = {"200", "404", "500"};

  /** Histogram routes; the second one makes the parser handle escaped label values. */
  private static final String[] ROUTES = {"/a", "/b\"\\q"};

  /** As the routes are written on the wire, escaped. */
  private static final String[] ROUTES_ESCAPED = {"/a", "/b\\\"\\\\q"};

  /** One observation per bucket of {@code buckets(1, 2, 3)}, +Inf included; exact sums. */
  private static final double[] OBSERVATIONS = {0.5, 1.5, 2.5, 3.5};

  private static final ExpositionFormat[] FORMATS = {
    TextFormat.v004(),
    TextFormat.builder().createdSeries(true).build(),
    OpenMetricsFormat.standard()
  };

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void concurrentUpdates_everyRenderedScrapeConsistentAndMonotonic_finalTotalsExact()
      throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Counter plain = Counter.builder().name("jobs").help("Jobs.").register(registry);
    Counter requests =
        Counter.builder()
            .name("requests")
            .help("Requests.")
            .labelNames("method", "code")
            .register(registry);
    Histogram latency =
        Histogram.builder()
            .name("latency_seconds")
            .help("Latency.")
            .labelNames("route")
            .buckets(1, 2, 3)
            .register(registry);

    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean enoughScrapes = new AtomicBoolean();
    AtomicBoolean writersDone = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger scrapes = new AtomicInteger();
    int[] iterations = new int[WRITERS]; // each written by its writer, read after join

    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < WRITERS; t++) {
      int writer = t;
      writers.add(
          new Thread(
              () -> {
                int i = 0;
                try {
                  start.await();
                  Counter.Child cached = requests.labels("GET", "200");
                  Histogram.Child cachedRoute = latency.labels(ROUTES[0]);
                  for (; i < MIN_ITERATIONS || !enoughScrapes.get(); i++) {
                    plain.inc();
                    cached.inc();
                    requests.labels("POST", CODES[i % CODES.length]).inc();
                    double v = OBSERVATIONS[i % OBSERVATIONS.length];
                    cachedRoute.observe(v);
                    latency.labels(ROUTES[1]).observe(v);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  iterations[writer] = i;
                }
              },
              "writer-" + t));
    }

    Thread scraper =
        new Thread(
            () -> {
              try {
                start.await();
                Map<String, Double> previous = new HashMap<>();
                boolean last = false;
                for (int n = 0; !last; n++) {
                  last = writersDone.get(); // one more scrape after the writers finished
                  ExpositionFormat format = FORMATS[n % FORMATS.length];
                  List<Sample> samples = parse(render(format, registry), format);
                  checkHistograms(samples);
                  checkMonotonic(samples, previous);
                  if (scrapes.incrementAndGet() == MIN_SCRAPES) {
                    enoughScrapes.set(true);
                  }
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
                enoughScrapes.set(true); // let the writers finish; the failure is reported below
              }
            },
            "scraper");

    writers.forEach(Thread::start);
    scraper.start();
    start.countDown();
    for (Thread w : writers) {
      w.join();
    }
    writersDone.set(true);
    scraper.join();

    if (failure.get() != null) {
      throw new AssertionError("a writer or the scraper failed", failure.get());
    }
    assertThat(scrapes.get()).isGreaterThan(MIN_SCRAPES);
    for (ExpositionFormat format : FORMATS) {
      assertFinalTotals(parse(render(format, registry), format), iterations);
    }
  }

  /** How many of the iterations {@code 0 <= i < n} have {@code i % period == r}. */
  private static long residues(int n, int period, int r) {
    return (n - r + period - 1) / period;
  }

  private static void assertFinalTotals(List<Sample> samples, int[] iterations) {
    Map<String, Double> v = new HashMap<>();
    for (Sample s : samples) {
      v.put(s.key(), s.value());
    }
    long total = 0;
    long[] perCode = new long[CODES.length];
    long[] perObservation = new long[OBSERVATIONS.length];
    for (int n : iterations) {
      total += n;
      for (int c = 0; c < CODES.length; c++) {
        perCode[c] += residues(n, CODES.length, c);
      }
      for (int b = 0; b < OBSERVATIONS.length; b++) {
        perObservation[b] += residues(n, OBSERVATIONS.length, b);
      }
    }
    assertThat(v)
        .containsEntry("jobs_total", (double) total)
        .containsEntry("requests_total{code=\"200\",method=\"GET\"}", (double) total);
    for (int c = 0; c < CODES.length; c++) {
      assertThat(v)
          .containsEntry(
              "requests_total{code=\"" + CODES[c] + "\",method=\"POST\"}", (double) perCode[c]);
    }
    double sum = 0;
    for (int b = 0; b < OBSERVATIONS.length; b++) {
      sum += perObservation[b] * OBSERVATIONS[b]; // multiples of 0.5: exact
    }
    for (String route : ROUTES_ESCAPED) {
      String labels = "{route=\"" + route + "\"";
      long cumulative = 0;
      for (int b = 0; b < OBSERVATIONS.length; b++) {
        cumulative += perObservation[b];
        String le = b < 3 ? (b + 1) + ".0" : "+Inf";
        assertThat(v)
            .containsEntry(
                "latency_seconds_bucket" + labels + ",le=\"" + le + "\"}", (double) cumulative);
      }
      assertThat(v)
          .containsEntry("latency_seconds_count" + labels + "}", (double) total)
          .containsEntry("latency_seconds_sum" + labels + "}", sum);
    }
  }

  /**
   * Within one scrape: each histogram series' bounds increase, its cumulative counts do not
   * decrease, and its {@code +Inf} bucket equals its {@code _count}.
   */
  private static void checkHistograms(List<Sample> samples) {
    Map<String, Double> lastLe = new HashMap<>();
    Map<String, Double> lastCount = new HashMap<>();
    Map<String, Double> inf = new HashMap<>();
    Map<String, Double> counts = new HashMap<>();
    for (Sample s : samples) {
      if (s.name().equals("latency_seconds_bucket")) {
        String series = s.labelsWithout("le");
        double le = parseValue(s.labels().get("le"));
        Double prevLe = lastLe.put(series, le);
        Double prevCount = lastCount.put(series, s.value());
        if (prevLe != null) {
          assertThat(le).as("bounds of %s", series).isGreaterThan(prevLe);
          assertThat(s.value())
              .as("cumulative bucket %s", s.key())
              .isGreaterThanOrEqualTo(prevCount);
        }
        if (le == Double.POSITIVE_INFINITY) {
          inf.put(series, s.value());
        }
      } else if (s.name().equals("latency_seconds_count")) {
        counts.put(s.labelsWithout(null), s.value());
      }
    }
    assertThat(inf).as("+Inf buckets against _count").isEqualTo(counts);
  }

  /** Across scrapes: no bucket, count or counter total below its previous value. */
  private static void checkMonotonic(List<Sample> samples, Map<String, Double> previous) {
    for (Sample s : samples) {
      String n = s.name();
      if (n.endsWith("_total") || n.endsWith("_bucket") || n.endsWith("_count")) {
        Double before = previous.put(s.key(), s.value());
        if (before != null) {
          assertThat(s.value())
              .as("%s against the previous scrape", s.key())
              .isGreaterThanOrEqualTo(before);
        }
      }
    }
  }

  private static String render(ExpositionFormat format, CollectorRegistry registry)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(out, registry);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** One sample line: its name, its labels as written (escaped, in order), its value. */
  record Sample(String name, LinkedHashMap<String, String> labels, double value) {

    /** {@code name{a="x",b="y"}}, or just the name without labels: as it was written. */
    String key() {
      return name + labelsWithout(null);
    }

    /** The labels as written, leaving out {@code skip} (null: none); "" when none are left. */
    String labelsWithout(String skip) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (!e.getKey().equals(skip)) { // equals(null) is false
          sb.append(sb.length() == 0 ? "{" : ",")
              .append(e.getKey())
              .append("=\"")
              .append(e.getValue())
              .append('"');
        }
      }
      return sb.length() == 0 ? "" : sb.append('}').toString();
    }
  }

  /**
   * Parses a rendered scrape: {@code #} lines are skipped (OpenMetrics must end with {@code #
   * EOF}), every other line is {@code name{label="value",...} value}. Label values are kept as
   * written, escapes included.
   */
  static List<Sample> parse(String body, ExpositionFormat format) {
    assertThat(body).as("scrape body").endsWith("\n");
    if (format instanceof OpenMetricsFormat) {
      assertThat(body).as("OpenMetrics body").endsWith("\n# EOF\n");
    }
    List<Sample> out = new ArrayList<>();
    for (String line : body.substring(0, body.length() - 1).split("\n", -1)) {
      if (!line.startsWith("#")) {
        out.add(parseLine(line));
      }
    }
    return out;
  }

  private static Sample parseLine(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    LinkedHashMap<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf("=\"", i);
        String label = line.substring(i, eq);
        int j = eq + 2;
        while (line.charAt(j) != '"') {
          j += line.charAt(j) == '\\' ? 2 : 1;
        }
        labels.put(label, line.substring(eq + 2, j));
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    assertThat(line.charAt(i)).as("separator in %s", line).isEqualTo(' ');
    String value = line.substring(i + 1);
    assertThat(value).as("value in %s", line).doesNotContain(" ");
    return new Sample(name, labels, parseValue(value));
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
