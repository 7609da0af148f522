package io.prom4j.exposition;

import static io.prom4j.exposition.Families.family;
import static io.prom4j.exposition.Families.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.internal.LabelsCache;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sample-line writing and the per-{@link Labels} cache of encoded labels. */
class SeriesWriterTest {

  private static final LabelsCache.Access CACHE = LabelsCache.access();

  private static List<CounterDataPoint> counters(int n) {
    List<CounterDataPoint> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      points.add(
          CounterDataPoint.of(
              Labels.of("method", i % 2 == 0 ? "GET" : "POST", "path", "/api/v1/item/" + i), i));
    }
    return points;
  }

  @Test
  void write_labelCacheOff_givesTheSameBytesAndLeavesTheCacheEmpty() throws IOException {
    List<CounterDataPoint> points = counters(100);
    MetricFamily f = new MetricFamily("requests", "Requests.", MetricType.COUNTER, "", points);
    ByteArrayOutputStream uncached = new ByteArrayOutputStream();

    FamilyWriter.write(
        uncached, List.of(f), TextDialect.TEXT, EscapingScheme.UNDERSCORES, false, true, false);

    for (CounterDataPoint p : points) {
      assertThat(CACHE.get(p.labels())).isNull();
    }
    assertThat(uncached.toByteArray()).isEqualTo(Families.bytes(TextFormat.v004(), f));
  }

  @Test
  void tenThousandCounters_writtenTwice_giveIdenticalBytesFromTheLabelCache() {
    List<CounterDataPoint> points = counters(10_000);
    MetricFamily f = new MetricFamily("requests", "Requests.", MetricType.COUNTER, "", points);
    for (CounterDataPoint p : points) {
      assertThat(CACHE.get(p.labels())).isNull();
    }

    byte[] first = Families.bytes(TextFormat.v004(), f);
    List<Object> cached = new ArrayList<>();
    for (CounterDataPoint p : points) {
      Object c = CACHE.get(p.labels());
      assertThat(c).isNotNull();
      cached.add(c);
    }
    byte[] second = Families.bytes(TextFormat.v004(), f);

    assertThat(second).isEqualTo(first);
    for (int i = 0; i < points.size(); i++) {
      assertThat(CACHE.get(points.get(i).labels())).isSameAs(cached.get(i)); // reused, kept
    }
    String text = new String(first, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith(
            "# HELP requests_total Requests.\n# TYPE requests_total counter\n"
                + "requests_total{method=\"GET\",path=\"/api/v1/item/0\"} 0.0\n")
        .endsWith("requests_total{method=\"POST\",path=\"/api/v1/item/9999\"} 9999.0\n");
    assertThat(text.lines().count()).isEqualTo(10_002);
  }

  @Test
  void cachedLabels_serveEveryFormatAndScheme() {
    Labels labels = Labels.of("a", "x\"y", "b", "\u00e9");
    MetricFamily f = family("my.metric", "", MetricType.GAUGE, "", GaugeDataPoint.of(labels, 1));
    TextFormat utf8 =
        TextFormat.builder().version("1.0.0").escaping(EscapingScheme.ALLOW_UTF8).build();
    String quotedFirst = render(utf8, f); // encodes and fills the cache
    assertThat(CACHE.get(labels)).isNotNull();
    assertThat(render(utf8, f))
        .isEqualTo(quotedFirst)
        .endsWith(
            """
        {"my.metric",a="x\\"y",b="\u00e9"} 1.0
        """);
    assertThat(render(TextFormat.v004(), f))
        .endsWith(
            """
        my_metric{a="x\\"y",b="\u00e9"} 1.0
        """);
    assertThat(render(OpenMetricsFormat.standard(), f))
        .endsWith(
            """
        my_metric{a="x\\"y",b="\u00e9"} 1.0
        # EOF
        """);
  }

  @Test
  void nonLegacyLabelNames_areNotCached_andFollowTheScheme() {
    Labels labels = Labels.of("a.b", "1", "c", "2");
    MetricFamily f = family("m", "", MetricType.GAUGE, "", GaugeDataPoint.of(labels, 1));
    assertThat(render(TextFormat.v004(), f)).endsWith("m{a_b=\"1\",c=\"2\"} 1.0\n");
    assertThat(CACHE.get(labels)).isNull();
    TextFormat utf8 =
        TextFormat.builder().version("1.0.0").escaping(EscapingScheme.ALLOW_UTF8).build();
    assertThat(render(utf8, f)).endsWith("m{\"a.b\"=\"1\",c=\"2\"} 1.0\n");
    assertThat(render(OpenMetricsFormat.builder().escaping(EscapingScheme.VALUES).build(), f))
        .endsWith("m{U__a_2e_b=\"1\",c=\"2\"} 1.0\n# EOF\n");
  }

  @Test
  void quotedNameWithoutLabels_closesItsBraces() {
    MetricFamily f = family("a.b", "", MetricType.GAUGE, "", GaugeDataPoint.of(Labels.EMPTY, 2));
    TextFormat utf8 =
        TextFormat.builder().version("1.0.0").escaping(EscapingScheme.ALLOW_UTF8).build();
    assertThat(render(utf8, f)).isEqualTo("# TYPE \"a.b\" gauge\n{\"a.b\"} 2.0\n");
  }

  @Test
  void manyBuckets_growTheSpecialLabelCache() {
    int n = 40;
    double[] bounds = new double[n];
    long[] counts = new long[n];
    for (int i = 0; i < n - 1; i++) {
      bounds[i] = i + 0.5;
      counts[i] = i;
    }
    bounds[n - 1] = Double.POSITIVE_INFINITY;
    counts[n - 1] = n;
    MetricFamily f =
        family(
            "h",
            "",
            MetricType.HISTOGRAM,
            "",
            io.prom4j.model.HistogramDataPoint.of(Labels.EMPTY, bounds, counts, 1, Double.NaN));
    String text = render(TextFormat.v004(), f);
    assertThat(text).contains("h_bucket{le=\"38.5\"} 38\n").contains("h_bucket{le=\"+Inf\"} 40\n");
  }
}
