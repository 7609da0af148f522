package io.prom4j.exposition;

import static io.prom4j.exposition.Families.CREATED;
import static io.prom4j.exposition.Families.family;
import static io.prom4j.exposition.Families.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.SummaryDataPoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus text format. Golden texts are the Python client's (tests/test_exposition.py,
 * python-behaviour 4.1) restated for our number rules: counts are integers, and {@code _created}
 * appears only with {@code createdSeries(true)}. Sample timestamps (4.1.13) are not tested: our
 * model has none.
 */
class TextFormatTest {

  private static final TextFormat WITH_CREATED = TextFormat.builder().createdSeries(true).build();

  @Test
  void counter_withCreatedSeries_writesTotalThenCreatedGaugeFamily() {
    String expected =
        """
        # HELP cc_total A counter
        # TYPE cc_total counter
        cc_total 1.0
        # HELP cc_created A counter
        # TYPE cc_created gauge
        cc_created 123.456
        """;
    assertThat(render(WITH_CREATED, Families.counter("cc"))).isEqualTo(expected);
    assertThat(render(WITH_CREATED, Families.counter("cc_total"))).isEqualTo(expected);
  }

  @Test
  void counter_byDefault_writesNoCreatedSeries() {
    assertThat(render(TextFormat.v004(), Families.counter("cc")))
        .isEqualTo(
            """
        # HELP cc_total A counter
        # TYPE cc_total counter
        cc_total 1.0
        """);
  }

  @Test
  void counter_withoutCreatedTime_writesNoCreatedFamilyEvenWhenEnabled() {
    MetricFamily f =
        family("cc", "A counter", MetricType.COUNTER, "", CounterDataPoint.of(Labels.EMPTY, 1));
    assertThat(render(WITH_CREATED, f))
        .isEqualTo(
            """
        # HELP cc_total A counter
        # TYPE cc_total counter
        cc_total 1.0
        """);
  }

  @Test
  void utf8Counter_allowUtf8_quotesNamesInsideBraces() {
    TextFormat f =
        TextFormat.builder()
            .version("1.0.0")
            .escaping(EscapingScheme.ALLOW_UTF8)
            .createdSeries(true)
            .build();
    assertThat(render(f, Families.counter("utf8.cc")))
        .isEqualTo(
            """
        # HELP "utf8.cc_total" A counter
        # TYPE "utf8.cc_total" counter
        {"utf8.cc_total"} 1.0
        # HELP "utf8.cc_created" A counter
        # TYPE "utf8.cc_created" gauge
        {"utf8.cc_created"} 123.456
        """);
  }

  @Test
  void utf8Counter_underscores_replacesInvalidCharacters() {
    assertThat(render(WITH_CREATED, Families.counter("utf8.cc")))
        .isEqualTo(
            """
        # HELP utf8_cc_total A counter
        # TYPE utf8_cc_total counter
        utf8_cc_total 1.0
        # HELP utf8_cc_created A counter
        # TYPE utf8_cc_created gauge
        utf8_cc_created 123.456
        """);
  }

  @Test
  void counterWithUnitTotal_keepsBothSuffixes() {
    MetricFamily f =
        family(
            "requests_total_total",
            "Count of requests",
            MetricType.COUNTER,
            "total",
            CounterDataPoint.of(Labels.EMPTY, 1, CREATED, null));
    assertThat(render(WITH_CREATED, f))
        .isEqualTo(
            """
        # HELP requests_total_total Count of requests
        # TYPE requests_total_total counter
        requests_total_total 1.0
        # HELP requests_total_created Count of requests
        # TYPE requests_total_created gauge
        requests_total_created 123.456
        """);
  }

  @Test
  void gauge_writesCanonicalValue() {
    assertThat(render(WITH_CREATED, Families.gauge17()))
        .isEqualTo(
            """
        # HELP gg A gauge
        # TYPE gg gauge
        gg 17.0
        """);
  }

  @Test
  void summary_writesCountSumThenCreatedFamily() {
    assertThat(render(WITH_CREATED, Families.summary()))
        .isEqualTo(
            """
        # HELP ss A summary
        # TYPE ss summary
        ss_count{a="c",b="d"} 1
        ss_sum{a="c",b="d"} 17.0
        # HELP ss_created A summary
        # TYPE ss_created gauge
        ss_created{a="c",b="d"} 123.456
        """);
  }

  @Test
  void summaryQuantiles_comeFirstWithQuantileLabelLast() {
    MetricFamily f =
        family(
            "rt",
            "",
            MetricType.SUMMARY,
            "",
            SummaryDataPoint.of(
                Labels.of("z", "1"),
                3,
                1.5,
                Families.quantiles(0.5, 0.25, 0.99, Double.NaN),
                Double.NaN));
    assertThat(render(TextFormat.v004(), f))
        .isEqualTo(
            """
        # TYPE rt summary
        rt{z="1",quantile="0.5"} 0.25
        rt{z="1",quantile="0.99"} NaN
        rt_count{z="1"} 3
        rt_sum{z="1"} 1.5
        """);
  }

  @Test
  void histogram_writesBucketsCountSumThenCreatedFamily() {
    assertThat(render(WITH_CREATED, Families.histogram()))
        .isEqualTo(
            """
        # HELP hh A histogram
        # TYPE hh histogram
        hh_bucket{le="0.005"} 0
        hh_bucket{le="0.01"} 0
        hh_bucket{le="0.025"} 0
        hh_bucket{le="0.05"} 1
        hh_bucket{le="0.075"} 1
        hh_bucket{le="0.1"} 1
        hh_bucket{le="0.25"} 1
        hh_bucket{le="0.5"} 1
        hh_bucket{le="0.75"} 1
        hh_bucket{le="1.0"} 1
        hh_bucket{le="2.5"} 1
        hh_bucket{le="5.0"} 1
        hh_bucket{le="7.5"} 1
        hh_bucket{le="10.0"} 1
        hh_bucket{le="+Inf"} 1
        hh_count 1
        hh_sum 0.05
        # HELP hh_created A histogram
        # TYPE hh_created gauge
        hh_created 123.456
        """);
  }

  @Test
  void histogramWithNegativeFirstBound_omitsSum() {
    MetricFamily f =
        family(
            "hh",
            "A histogram",
            MetricType.HISTOGRAM,
            "",
            HistogramDataPoint.of(
                Labels.of("x", "y"),
                new double[] {-1, -0.5, 0, 0.5, 1, Double.POSITIVE_INFINITY},
                new long[] {0, 1, 1, 1, 1, 1},
                -0.5,
                Double.NaN));
    assertThat(render(TextFormat.v004(), f))
        .isEqualTo(
            """
        # HELP hh A histogram
        # TYPE hh histogram
        hh_bucket{x="y",le="-1.0"} 0
        hh_bucket{x="y",le="-0.5"} 1
        hh_bucket{x="y",le="0.0"} 1
        hh_bucket{x="y",le="0.5"} 1
        hh_bucket{x="y",le="1.0"} 1
        hh_bucket{x="y",le="+Inf"} 1
        hh_count{x="y"} 1
        """);
  }

  @Test
  void histogramSeriesWithDifferentBounds_eachGetTheirOwnLe() {
    MetricFamily f =
        family(
            "hh",
            "",
            MetricType.HISTOGRAM,
            "",
            HistogramDataPoint.of(
                Labels.of("s", "a"),
                new double[] {1, Double.POSITIVE_INFINITY},
                new long[] {1, 2},
                3,
                Double.NaN),
            HistogramDataPoint.of(
                Labels.of("s", "b"),
                new double[] {2, Double.POSITIVE_INFINITY},
                new long[] {0, 0},
                0,
                Double.NaN));
    assertThat(render(TextFormat.v004(), f))
        .isEqualTo(
            """
        # TYPE hh histogram
        hh_bucket{s="a",le="1.0"} 1
        hh_bucket{s="a",le="+Inf"} 2
        hh_count{s="a"} 2
        hh_sum{s="a"} 3.0
        hh_bucket{s="b",le="2.0"} 0
        hh_bucket{s="b",le="+Inf"} 0
        hh_count{s="b"} 0
        hh_sum{s="b"} 0.0
        """);
  }

  @Test
  void gaugeHistogram_writesHistogramThenGcountAndGsumGaugeFamilies() {
    assertThat(render(TextFormat.v004(), Families.gaugeHistogram(false)))
        .isEqualTo(
            """
        # HELP gh help
        # TYPE gh histogram
        gh_bucket{le="1.0"} 4
        gh_bucket{le="+Inf"} 5
        # HELP gh_gcount help
        # TYPE gh_gcount gauge
        gh_gcount 5
        # HELP gh_gsum help
        # TYPE gh_gsum gauge
        gh_gsum 7.0
        """);
  }

  @Test
  void info_isAGaugeWithInfoSuffix() {
    assertThat(render(TextFormat.v004(), Families.info()))
        .isEqualTo(
            """
        # HELP ii_info A info
        # TYPE ii_info gauge
        ii_info{a="c",b="d",foo="bar"} 1.0
        """);
  }

  @Test
  void enumeration_isAGaugeWithOneSamplePerState() {
    assertThat(render(TextFormat.v004(), Families.enumeration()))
        .isEqualTo(
            """
        # HELP ee An enum
        # TYPE ee gauge
        ee{a="c",b="d",ee="foo"} 0.0
        ee{a="c",b="d",ee="bar"} 1.0
        """);
  }

  @Test
  void unicode_isWrittenAsUtf8() {
    MetricFamily f =
        family(
            "cc", "\u4500", MetricType.GAUGE, "", GaugeDataPoint.of(Labels.of("l", "\u4500"), 1));
    byte[] expected =
        "# HELP cc \u4500\n# TYPE cc gauge\ncc{l=\"\u4500\"} 1.0\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Families.bytes(TextFormat.v004(), f)).isEqualTo(expected);
    assertThat(expected).containsSequence(0xe4, 0x94, 0x80);
  }

  @Test
  void escaping_helpEscapesBackslashAndNewline_labelValueAlsoQuote() {
    MetricFamily f =
        family(
            "cc",
            "A\ngaug\\e \"q\"",
            MetricType.GAUGE,
            "",
            GaugeDataPoint.of(Labels.of("a", "\\x\n\""), 1));
    assertThat(render(TextFormat.v004(), f))
        .isEqualTo(
            """
        # HELP cc A\\ngaug\\\\e "q"
        # TYPE cc gauge
        cc{a="\\\\x\\n\\""} 1.0
        """);
  }

  @Test
  void untyped_isWrittenAsUntyped() {
    assertThat(render(TextFormat.v004(), Families.untyped()))
        .isEqualTo(
            """
        # HELP nonnumber Non number
        # TYPE nonnumber untyped
        nonnumber 123.0
        """);
  }

  @Test
  void emptyHelp_omitsHelpLine() {
    MetricFamily f = family("g", "", MetricType.GAUGE, "", GaugeDataPoint.of(Labels.EMPTY, 0));
    assertThat(render(TextFormat.v004(), f)).isEqualTo("# TYPE g gauge\ng 0.0\n");
  }

  @Test
  void emptyFamily_writesOnlyMetadata() {
    MetricFamily f = new MetricFamily("c", "help", MetricType.COUNTER, "", List.of());
    assertThat(render(WITH_CREATED, f)).isEqualTo("# HELP c_total help\n# TYPE c_total counter\n");
    MetricFamily gh = new MetricFamily("gh", "h", MetricType.GAUGE_HISTOGRAM, "", List.of());
    assertThat(render(TextFormat.v004(), gh)).isEqualTo("# HELP gh h\n# TYPE gh histogram\n");
  }

  @Test
  void emptyRegistry_writesEmptyBody() {
    assertThat(render(TextFormat.v004())).isEmpty();
    assertThat(TextFormat.generateLatest(new CollectorRegistry())).isEmpty();
  }

  @Test
  void exemplars_areNeverWritten() {
    MetricFamily f =
        family(
            "cc",
            "A counter",
            MetricType.COUNTER,
            "",
            CounterDataPoint.of(
                Labels.EMPTY, 1, Double.NaN, new Exemplar(Labels.of("a", "b"), 1, CREATED)));
    assertThat(render(TextFormat.v004(), f)).doesNotContain(" # {").endsWith("cc_total 1.0\n");
  }

  @Test
  void numbers_useCanonicalFormAndIntegerCounts() {
    MetricFamily f =
        family(
            "g",
            "",
            MetricType.GAUGE,
            "",
            GaugeDataPoint.of(Labels.of("v", "a"), 1e6),
            GaugeDataPoint.of(Labels.of("v", "b"), 1e-5),
            GaugeDataPoint.of(Labels.of("v", "c"), Double.NEGATIVE_INFINITY),
            GaugeDataPoint.of(Labels.of("v", "d"), 1234567));
    assertThat(render(TextFormat.v004(), f))
        .isEqualTo(
            """
        # TYPE g gauge
        g{v="a"} 1e+06
        g{v="b"} 1e-05
        g{v="c"} -Inf
        g{v="d"} 1.234567e+06
        """);
  }

  @Test
  void generateLatest_writesRegistryInText004() {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(() -> List.of(Families.counter("counter")));
    assertThat(TextFormat.generateLatest(registry))
        .isEqualTo(
            """
        # HELP counter_total A counter
        # TYPE counter_total counter
        counter_total 1.0
        """);
  }

  @Test
  void streamingWrite_ofRegistry_equalsGenerateLatest() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(() -> List.of(Families.counter("a"), Families.histogram()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextFormat.v004().write(out, registry);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(TextFormat.generateLatest(registry));
  }

  @Test
  void contentType_dependsOnVersionAndEscaping() {
    assertThat(TextFormat.v004().contentType())
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(TextFormat.builder().version("1.0.0").build().contentType())
        .isEqualTo("text/plain; version=1.0.0; charset=utf-8; escaping=underscores");
    assertThat(
            TextFormat.builder()
                .version("1.0.0")
                .escaping(EscapingScheme.VALUES)
                .build()
                .contentType())
        .isEqualTo("text/plain; version=1.0.0; charset=utf-8; escaping=values");
  }

  @Test
  void builder_defaultsAreV004UnderscoresNoCreated() {
    TextFormat f = TextFormat.builder().build();
    assertThat(f.version()).isEqualTo("0.0.4");
    assertThat(f.escaping()).isEqualTo(EscapingScheme.UNDERSCORES);
    assertThat(f.createdSeries()).isFalse();
  }

  @Test
  void builder_unknownVersion_throwsIllegalArgument() {
    assertThatThrownBy(() -> TextFormat.builder().version("2.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version must be 0.0.4 or 1.0.0: 2.0.0");
  }

  @Test
  void builder_v004WithOtherEscaping_throwsIllegalState() {
    assertThatThrownBy(() -> TextFormat.builder().escaping(EscapingScheme.ALLOW_UTF8).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allow-utf-8")
        .hasMessageContaining("1.0.0");
  }

  @Test
  void builder_nullEscaping_throwsNullPointer() {
    assertThatThrownBy(() -> TextFormat.builder().escaping(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("escaping");
  }
}
