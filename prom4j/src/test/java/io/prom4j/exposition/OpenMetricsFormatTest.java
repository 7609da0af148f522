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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenMetrics 1.0.0 format. Golden texts are the Python client's
 * (tests/openmetrics/test_exposition.py, python-behaviour 4.2) restated for our number rules
 * (counts are integers). Not tested: sample timestamps (4.2.16, our model has none), native
 * histograms (4.2.17, OpenMetrics 2.0 only) and exemplars on samples that may not carry them
 * (4.2.10: our model cannot express them).
 */
class OpenMetricsFormatTest {

  private static final OpenMetricsFormat OM =
      OpenMetricsFormat.builder().createdSeries(true).build(); // Python writes _created

  @Test
  void counter_writesFamilyNameTotalAndCreatedInline() {
    String expected =
        """
        # HELP cc A counter
        # TYPE cc counter
        cc_total 1.0
        cc_created 123.456
        # EOF
        """;
    assertThat(render(OM, Families.counter("cc"))).isEqualTo(expected);
    assertThat(render(OM, Families.counter("cc_total"))).isEqualTo(expected);
  }

  @Test
  void dottedCounter_allowUtf8_quotesFamilyAndSampleNames() {
    OpenMetricsFormat f =
        OpenMetricsFormat.builder().escaping(EscapingScheme.ALLOW_UTF8).createdSeries(true).build();
    assertThat(render(f, Families.counter("cc.with.dots")))
        .isEqualTo(
            """
        # HELP "cc.with.dots" A counter
        # TYPE "cc.with.dots" counter
        {"cc.with.dots_total"} 1.0
        {"cc.with.dots_created"} 123.456
        # EOF
        """);
  }

  @Test
  void counterWithUnit_writesUnitLine() {
    MetricFamily f =
        family(
            "cc_seconds",
            "A counter",
            MetricType.COUNTER,
            "seconds",
            CounterDataPoint.of(Labels.EMPTY, 1, CREATED, null));
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # HELP cc_seconds A counter
        # TYPE cc_seconds counter
        # UNIT cc_seconds seconds
        cc_seconds_total 1.0
        cc_seconds_created 123.456
        # EOF
        """);
  }

  @Test
  void gauge_writesCanonicalValue() {
    assertThat(render(OM, Families.gauge17()))
        .isEqualTo(
            """
        # HELP gg A gauge
        # TYPE gg gauge
        gg 17.0
        # EOF
        """);
  }

  @Test
  void summary_writesCountSumCreatedInline() {
    assertThat(render(OM, Families.summary()))
        .isEqualTo(
            """
        # HELP ss A summary
        # TYPE ss summary
        ss_count{a="c",b="d"} 1
        ss_sum{a="c",b="d"} 17.0
        ss_created{a="c",b="d"} 123.456
        # EOF
        """);
  }

  @Test
  void histogram_writesBucketsCountSumCreated() {
    assertThat(render(OM, Families.histogram()))
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
        hh_created 123.456
        # EOF
        """);
  }

  @Test
  void histogramWithNegativeBuckets_omitsSum() {
    MetricFamily f =
        family(
            "hh",
            "A histogram",
            MetricType.HISTOGRAM,
            "",
            HistogramDataPoint.of(
                Labels.EMPTY,
                new double[] {-1, -0.5, 0, 0.5, 1, Double.POSITIVE_INFINITY},
                new long[] {0, 1, 1, 1, 1, 1},
                -0.5,
                CREATED));
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # HELP hh A histogram
        # TYPE hh histogram
        hh_bucket{le="-1.0"} 0
        hh_bucket{le="-0.5"} 1
        hh_bucket{le="0.0"} 1
        hh_bucket{le="0.5"} 1
        hh_bucket{le="1.0"} 1
        hh_bucket{le="+Inf"} 1
        hh_count 1
        hh_created 123.456
        # EOF
        """);
  }

  @Test
  void histogramExemplars_followTheirBuckets() {
    HistogramDataPoint p =
        Families.histogramWithExemplars(
            new double[] {1, 2, 3, 4, Double.POSITIVE_INFINITY},
            new long[] {1, 2, 3, 4, 4},
            8,
            new Exemplar[] {
              new Exemplar(Labels.of("a", "b"), 0.5, CREATED),
              new Exemplar(Labels.of("le", "7"), 1.5, CREATED),
              new Exemplar(Labels.of("a", "b"), 2.5, CREATED),
              new Exemplar(Labels.of("a", "\n\"\\"), 3.5, CREATED),
              null
            });
    MetricFamily f = family("hh", "A histogram", MetricType.HISTOGRAM, "", p);
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # HELP hh A histogram
        # TYPE hh histogram
        hh_bucket{le="1.0"} 1 # {a="b"} 0.5 123.456
        hh_bucket{le="2.0"} 2 # {le="7"} 1.5 123.456
        hh_bucket{le="3.0"} 3 # {a="b"} 2.5 123.456
        hh_bucket{le="4.0"} 4 # {a="\\n\\"\\\\"} 3.5 123.456
        hh_bucket{le="+Inf"} 4
        hh_count 4
        hh_sum 8.0
        hh_created 123.456
        # EOF
        """);
  }

  @Test
  void counterExemplar_followsTotal() {
    MetricFamily f =
        family(
            "cc",
            "A counter",
            MetricType.COUNTER,
            "",
            CounterDataPoint.of(
                Labels.EMPTY, 1, CREATED, new Exemplar(Labels.of("a", "b"), 1, CREATED)));
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # HELP cc A counter
        # TYPE cc counter
        cc_total 1.0 # {a="b"} 1.0 123.456
        cc_created 123.456
        # EOF
        """);
  }

  @Test
  void exemplarWithoutLabelsOrTimestamp_writesEmptyBracesAndNoTimestamp() {
    MetricFamily f =
        family(
            "cc",
            "",
            MetricType.COUNTER,
            "",
            CounterDataPoint.of(
                Labels.EMPTY, 2, Double.NaN, new Exemplar(Labels.EMPTY, 0.25, Double.NaN)));
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # TYPE cc counter
        cc_total 2.0 # {} 0.25
        # EOF
        """);
  }

  @Test
  void gaugeHistogram_writesGcountAndGsumInline() {
    assertThat(render(OM, Families.gaugeHistogram(false)))
        .isEqualTo(
            """
        # HELP gh help
        # TYPE gh gaugehistogram
        gh_bucket{le="1.0"} 4
        gh_bucket{le="+Inf"} 5
        gh_gcount 5
        gh_gsum 7.0
        # EOF
        """);
  }

  @Test
  void gaugeHistogramWithNegativeBucket_keepsGsum() {
    assertThat(render(OM, Families.gaugeHistogram(true)))
        .isEqualTo(
            """
        # HELP gh help
        # TYPE gh gaugehistogram
        gh_bucket{le="-1.0"} 4
        gh_bucket{le="+Inf"} 5
        gh_gcount 5
        gh_gsum -7.0
        # EOF
        """);
  }

  @Test
  void info_writesInfoType() {
    assertThat(render(OM, Families.info()))
        .isEqualTo(
            """
        # HELP ii A info
        # TYPE ii info
        ii_info{a="c",b="d",foo="bar"} 1.0
        # EOF
        """);
  }

  @Test
  void enumeration_writesStateset() {
    assertThat(render(OM, Families.enumeration()))
        .isEqualTo(
            """
        # HELP ee An enum
        # TYPE ee stateset
        ee{a="c",b="d",ee="foo"} 0.0
        ee{a="c",b="d",ee="bar"} 1.0
        # EOF
        """);
  }

  @Test
  void escaping_helpEscapesQuoteToo() {
    MetricFamily f =
        family(
            "cc",
            "A\ncount\\er\"",
            MetricType.COUNTER,
            "",
            CounterDataPoint.of(Labels.of("a", "\\x\n\""), 1, CREATED, null));
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # HELP cc A\\ncount\\\\er\\"
        # TYPE cc counter
        cc_total{a="\\\\x\\n\\""} 1.0
        cc_created{a="\\\\x\\n\\""} 123.456
        # EOF
        """);
  }

  @Test
  void untyped_isUnknown() {
    assertThat(render(OM, Families.untyped()))
        .isEqualTo(
            """
        # HELP nonnumber Non number
        # TYPE nonnumber unknown
        nonnumber 123.0
        # EOF
        """);
  }

  @Test
  void unicode_isWrittenAsUtf8() {
    MetricFamily f =
        family(
            "cc",
            "\u4500",
            MetricType.GAUGE,
            "",
            GaugeDataPoint.of(Labels.of("l", "\u4500 \uD83D\uDE31"), 1));
    assertThat(Families.bytes(OM, f))
        .isEqualTo(
            "# HELP cc \u4500\n# TYPE cc gauge\ncc{l=\"\u4500 \uD83D\uDE31\"} 1.0\n# EOF\n"
                .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void emptyRegistry_isExactlyEof() {
    assertThat(render(OM)).isEqualTo("# EOF\n");
    assertThat(OpenMetricsFormat.generateLatest(new CollectorRegistry())).isEqualTo("# EOF\n");
  }

  @Test
  void emptyFamily_writesOnlyMetadata() {
    MetricFamily f = new MetricFamily("c_bytes", "h", MetricType.COUNTER, "bytes", List.of());
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # HELP c_bytes h
        # TYPE c_bytes counter
        # UNIT c_bytes bytes
        # EOF
        """);
  }

  @Test
  void emptyHelp_omitsHelpLine() {
    MetricFamily f = family("g", "", MetricType.GAUGE, "", GaugeDataPoint.of(Labels.EMPTY, 1));
    assertThat(render(OM, f)).isEqualTo("# TYPE g gauge\ng 1.0\n# EOF\n");
  }

  @Test
  void summaryQuantiles_useCanonicalQuantileLabel() {
    MetricFamily f =
        family(
            "rt",
            "",
            MetricType.SUMMARY,
            "",
            io.prom4j.model.SummaryDataPoint.of(
                Labels.EMPTY, 2, 3, Families.quantiles(0, 1, 1, 2), Double.NaN));
    assertThat(render(OM, f))
        .isEqualTo(
            """
        # TYPE rt summary
        rt{quantile="0.0"} 1.0
        rt{quantile="1.0"} 2.0
        rt_count 2
        rt_sum 3.0
        # EOF
        """);
  }

  @Test
  void standard_createdSeriesOffByDefault_noCreatedSamples() {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(() -> List.of(Families.counter("cc")));
    assertThat(OpenMetricsFormat.standard().createdSeries()).isFalse();
    assertThat(OpenMetricsFormat.generateLatest(registry)).doesNotContain("_created");
    assertThat(OpenMetricsFormat.builder().createdSeries(true).build().render(registry))
        .contains("cc_created 123.456\n");
  }

  @Test
  void generateLatest_andStreamingWrite_agree() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(() -> List.of(Families.counter("cc"), Families.gauge17()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsFormat.standard().write(out, registry);
    assertThat(OpenMetricsFormat.generateLatest(registry))
        .isEqualTo(out.toString(StandardCharsets.UTF_8))
        .startsWith("# HELP cc A counter\n")
        .endsWith("gg 17.0\n# EOF\n");
  }

  @Test
  void contentType_carriesEscapingOnlyWhenSet() {
    assertThat(OM.contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(OM.escaping()).isEqualTo(EscapingScheme.UNDERSCORES);
    assertThat(
            OpenMetricsFormat.builder().escaping(EscapingScheme.UNDERSCORES).build().contentType())
        .isEqualTo(
            "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=underscores");
    assertThat(OpenMetricsFormat.builder().escaping(EscapingScheme.DOTS).build().contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=dots");
  }

  @Test
  void builder_nullEscaping_throwsNullPointer() {
    assertThatThrownBy(() -> OpenMetricsFormat.builder().escaping(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("escaping");
  }
}
