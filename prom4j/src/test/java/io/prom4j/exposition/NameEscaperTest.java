package io.prom4j.exposition;

import static io.prom4j.exposition.Families.family;
import static io.prom4j.exposition.Families.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Name escaping: every row of the Python/Go tables (formats.md 2.4, python-behaviour 2.3), for
 * metric names and label names. Legacy-valid names stay unchanged under every scheme (Go's rule);
 * Python's {@code dots} would turn {@code no:escaping_required} into {@code no:escaping__required}
 * and {@code no_escaping_required} into {@code no__escaping__required}: we deliberately do not.
 */
class NameEscaperTest {

  @ParameterizedTest(name = "metric {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "''                                | ''                                | ''                                                  | ''",
        "no:escaping_required              | no:escaping_required              | no:escaping_required                                | no:escaping_required",
        "mysystem.prod.west.cpu.load       | mysystem_prod_west_cpu_load       | mysystem_dot_prod_dot_west_dot_cpu_dot_load         | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load",
        "mysystem.prod.west.cpu.load_total | mysystem_prod_west_cpu_load_total | mysystem_dot_prod_dot_west_dot_cpu_dot_load__total  | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load__total",
        "http.status:sum                   | http_status:sum                   | http_dot_status:sum                                 | U__http_2e_status:sum",
        "label with \uD83D\uDE31           | label_with__                      | label__with____                                     | U__label_20_with_20__1f631_",
        "\u82B1\u706B                      | __                                | ____                                                | U___82b1__706b_",
        "label with \u0100                 | label_with__                      | label__with____                                     | U__label_20_with_20__100_",
      })
  void metricName_escapesPerScheme(String name, String underscores, String dots, String values) {
    String in = nullToEmpty(name);
    assertThat(NameEscaper.escapeMetricName(in, EscapingScheme.UNDERSCORES))
        .isEqualTo(nullToEmpty(underscores));
    assertThat(NameEscaper.escapeMetricName(in, EscapingScheme.DOTS)).isEqualTo(nullToEmpty(dots));
    assertThat(NameEscaper.escapeMetricName(in, EscapingScheme.VALUES))
        .isEqualTo(nullToEmpty(values));
    assertThat(NameEscaper.escapeMetricName(in, EscapingScheme.ALLOW_UTF8)).isEqualTo(in);
  }

  @ParameterizedTest(name = "label {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "''                                | ''                                | ''                                                  | ''",
        "no_escaping_required              | no_escaping_required              | no_escaping_required                                | no_escaping_required",
        "mysystem.prod.west.cpu.load       | mysystem_prod_west_cpu_load       | mysystem_dot_prod_dot_west_dot_cpu_dot_load         | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load",
        "mysystem.prod.west.cpu.load_total | mysystem_prod_west_cpu_load_total | mysystem_dot_prod_dot_west_dot_cpu_dot_load__total  | U__mysystem_2e_prod_2e_west_2e_cpu_2e_load__total",
        "http.status:sum                   | http_status_sum                   | http_dot_status__sum                                | U__http_2e_status_3a_sum",
        "label with \uD83D\uDE31           | label_with__                      | label__with____                                     | U__label_20_with_20__1f631_",
        "\u82B1\u706B                      | __                                | ____                                                | U___82b1__706b_",
        "label with \u0100                 | label_with__                      | label__with____                                     | U__label_20_with_20__100_",
      })
  void labelName_escapesPerScheme(String name, String underscores, String dots, String values) {
    String in = nullToEmpty(name);
    assertThat(NameEscaper.escapeLabelName(in, EscapingScheme.UNDERSCORES))
        .isEqualTo(nullToEmpty(underscores));
    assertThat(NameEscaper.escapeLabelName(in, EscapingScheme.DOTS)).isEqualTo(nullToEmpty(dots));
    assertThat(NameEscaper.escapeLabelName(in, EscapingScheme.VALUES))
        .isEqualTo(nullToEmpty(values));
    assertThat(NameEscaper.escapeLabelName(in, EscapingScheme.ALLOW_UTF8)).isEqualTo(in);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @Test
  void legacyChecks_followTheLegacyCharacterSets() {
    assertThat(NameEscaper.isLegacyMetricName("a:b_c9")).isTrue();
    assertThat(NameEscaper.isLegacyMetricName(":a")).isTrue();
    assertThat(NameEscaper.isLegacyMetricName("9a")).isFalse();
    assertThat(NameEscaper.isLegacyMetricName("a.b")).isFalse();
    assertThat(NameEscaper.isLegacyMetricName("")).isFalse();
    assertThat(NameEscaper.isLegacyLabelName("a_b9")).isTrue();
    assertThat(NameEscaper.isLegacyLabelName("__name__")).isTrue();
    assertThat(NameEscaper.isLegacyLabelName("a:b")).isFalse();
    assertThat(NameEscaper.isLegacyLabelName("9a")).isFalse();
  }

  @Test
  void leadingDigit_isInvalidInEveryScheme() {
    assertThat(NameEscaper.escapeMetricName("9lives", EscapingScheme.UNDERSCORES))
        .isEqualTo("_lives");
    assertThat(NameEscaper.escapeMetricName("9lives", EscapingScheme.DOTS)).isEqualTo("__lives");
    assertThat(NameEscaper.escapeMetricName("9lives", EscapingScheme.VALUES))
        .isEqualTo("U___39_lives");
  }

  @Test
  void loneSurrogate_valuesSchemeWritesFffd() {
    assertThat(NameEscaper.escapeMetricName("a\uD800b", EscapingScheme.VALUES))
        .isEqualTo("U__a_FFFD_b");
    assertThat(NameEscaper.escapeMetricName("a\uD800b", EscapingScheme.UNDERSCORES))
        .isEqualTo("a_b");
  }

  @Test
  void allowUtf8_quotesOnlyNonLegacyNames_escapingBackslashNewlineQuote() {
    assertThat(metricToken("ok_name", EscapingScheme.ALLOW_UTF8)).isEqualTo("ok_name");
    assertThat(metricToken("my.metric", EscapingScheme.ALLOW_UTF8)).isEqualTo("\"my.metric\"");
    assertThat(metricToken("a\\b\nc\"d", EscapingScheme.ALLOW_UTF8))
        .isEqualTo("\"a\\\\b\\nc\\\"d\"");
    assertThat(
            new String(
                NameEscaper.labelNameToken("a:b", EscapingScheme.ALLOW_UTF8),
                StandardCharsets.UTF_8))
        .isEqualTo("\"a:b\"");
    assertThat(metricToken("a:b", EscapingScheme.ALLOW_UTF8)).isEqualTo("a:b");
    assertThat(metricToken("my.metric", EscapingScheme.DOTS)).isEqualTo("my_dot_metric");
  }

  @Test
  void allowUtf8_quotedName_isUtf8_withALoneSurrogateAsQuestionMark() {
    assertThat(NameEscaper.metricNameToken("\u00e9t\u00e9.\uD83D\uDE31", EscapingScheme.ALLOW_UTF8))
        .isEqualTo("\"\u00e9t\u00e9.\uD83D\uDE31\"".getBytes(StandardCharsets.UTF_8));
    assertThat(metricToken("a.\uD800b", EscapingScheme.ALLOW_UTF8)).isEqualTo("\"a.?b\"");
  }

  private static String metricToken(String name, EscapingScheme scheme) {
    return new String(NameEscaper.metricNameToken(name, scheme), StandardCharsets.UTF_8);
  }

  private static MetricFamily dottedGauge() {
    return family(
        "my.gauge",
        "h",
        MetricType.GAUGE,
        "",
        GaugeDataPoint.of(Labels.of("a.b", "v", "ok", "w"), 1));
  }

  @Test
  void textWriter_appliesEachSchemeToMetricAndLabelNames() {
    assertThat(render(text(EscapingScheme.UNDERSCORES), dottedGauge()))
        .isEqualTo(
            """
        # HELP my_gauge h
        # TYPE my_gauge gauge
        my_gauge{a_b="v",ok="w"} 1.0
        """);
    assertThat(render(text(EscapingScheme.DOTS), dottedGauge()))
        .isEqualTo(
            """
        # HELP my_dot_gauge h
        # TYPE my_dot_gauge gauge
        my_dot_gauge{a_dot_b="v",ok="w"} 1.0
        """);
    assertThat(render(text(EscapingScheme.VALUES), dottedGauge()))
        .isEqualTo(
            """
        # HELP U__my_2e_gauge h
        # TYPE U__my_2e_gauge gauge
        U__my_2e_gauge{U__a_2e_b="v",ok="w"} 1.0
        """);
    assertThat(render(text(EscapingScheme.ALLOW_UTF8), dottedGauge()))
        .isEqualTo(
            """
        # HELP "my.gauge" h
        # TYPE "my.gauge" gauge
        {"my.gauge","a.b"="v",ok="w"} 1.0
        """);
  }

  @Test
  void schemes_applyToTheFullSampleName() {
    assertThat(render(text(EscapingScheme.DOTS), Families.counter("dotted.counter")))
        .contains("# TYPE dotted_dot_counter__total counter\n")
        .contains("\ndotted_dot_counter__total 1.0\n");
    assertThat(
            render(
                OpenMetricsFormat.builder()
                    .escaping(EscapingScheme.DOTS)
                    .createdSeries(true)
                    .build(),
                Families.counter("dotted.counter")))
        .contains("# TYPE dotted_dot_counter counter\n")
        .contains("\ndotted_dot_counter__total 1.0\n")
        .contains("\ndotted_dot_counter__created 123.456\n");
  }

  @Test
  void legacyNames_areUnchangedUnderEveryScheme() {
    MetricFamily f =
        family(
            "no:escaping_required",
            "h",
            MetricType.GAUGE,
            "",
            GaugeDataPoint.of(Labels.of("no_escaping", "v"), 1));
    for (EscapingScheme s : EscapingScheme.values()) {
      assertThat(render(text(s), f))
          .as(s.headerValue())
          .endsWith("\nno:escaping_required{no_escaping=\"v\"} 1.0\n");
    }
  }

  @Test
  void allowUtf8_histogramNameMovesInsideBracesBeforeLabelsAndLe() {
    MetricFamily f =
        family(
            "hist.w.labels",
            "",
            MetricType.HISTOGRAM,
            "",
            io.prom4j.model.HistogramDataPoint.of(
                Labels.of("baz", "qux", "foo", "bar"),
                new double[] {Double.POSITIVE_INFINITY},
                new long[] {2},
                3,
                Double.NaN));
    assertThat(render(text(EscapingScheme.ALLOW_UTF8), f))
        .isEqualTo(
            """
        # TYPE "hist.w.labels" histogram
        {"hist.w.labels_bucket",baz="qux",foo="bar",le="+Inf"} 2
        {"hist.w.labels_count",baz="qux",foo="bar"} 2
        {"hist.w.labels_sum",baz="qux",foo="bar"} 3.0
        """);
  }

  @Test
  void stateSetLabel_isEscapedAsALabelName() {
    MetricFamily f =
        family(
            "e:x",
            "",
            MetricType.STATESET,
            "",
            io.prom4j.model.StateSetDataPoint.of(
                Labels.EMPTY, new String[] {"on"}, new boolean[] {true}));
    assertThat(render(text(EscapingScheme.UNDERSCORES), f))
        .isEqualTo(
            """
        # TYPE e:x gauge
        e:x{e_x="on"} 1.0
        """);
    assertThat(render(text(EscapingScheme.ALLOW_UTF8), f))
        .isEqualTo(
            """
        # TYPE e:x gauge
        e:x{"e:x"="on"} 1.0
        """);
  }

  private static TextFormat text(EscapingScheme s) {
    return TextFormat.builder().version("1.0.0").escaping(s).build();
  }
}
