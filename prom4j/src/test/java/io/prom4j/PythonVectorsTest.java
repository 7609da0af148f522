package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.EscapingScheme;
import io.prom4j.exposition.ExpositionFormat;
import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.exposition.TextFormat;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Python client's exposition vectors (python-behaviour 4.1, 4.2 and 4.3) end to end: the metric
 * types are built, registered and updated as a user would, and the registry is written by the real
 * formats. Python freezes {@code time.time()} at 123.456; we give each builder a fixed clock, so
 * {@code _created} is 123.456 too.
 *
 * <p>Where we differ from Python on purpose, the vector says so. The differences that recur:
 *
 * <ul>
 *   <li>Counts (histogram buckets, {@code _count}, {@code _gcount}) are integers: {@code 1}, where
 *       Python writes {@code 1.0}. Other values are written as Python writes them ({@code 1.0},
 *       {@code 17.0}, {@code 0.05}).
 *   <li>The text format writes {@code _created} families only with {@code createdSeries(true)},
 *       which these vectors use where Python shows them; the default (and so content negotiation)
 *       writes none.
 *   <li>Our metric API records no exemplars and our model has no sample timestamps, so the exemplar
 *       vectors are checked without their exemplar suffix (4.2.8, 4.2.9) and the timestamp vectors
 *       (4.1.13, 4.2.16) are not restated.
 * </ul>
 *
 * Not restated either: 4.1.12/4.2.15 (untyped values from Python objects; we have no untyped metric
 * type), 4.1.14 (Python type errors), 4.2.10 (exemplars on the wrong sample) and 4.2.17 (native
 * histograms).
 */
class PythonVectorsTest {

  /** Python's tests freeze the clock at 123.456 s. */
  private static final InstantSource FROZEN = InstantSource.fixed(Instant.ofEpochMilli(123_456));

  private static final TextFormat TEXT = TextFormat.v004();
  private static final TextFormat TEXT_WITH_CREATED =
      TextFormat.builder().createdSeries(true).build();
  private static final OpenMetricsFormat OM =
      OpenMetricsFormat.builder().createdSeries(true).build(); // Python writes _created

  private final CollectorRegistry registry = new CollectorRegistry();

  private static byte[] bytes(ExpositionFormat format, CollectorRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.write(out, registry);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toByteArray();
  }

  private String render(ExpositionFormat format) {
    return new String(bytes(format, registry), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Counter {@code name}, help "A counter", frozen clock, incremented once. */
  private Counter counterIncrementedOnce(String name) {
    Counter c = Counter.builder().name(name).help("A counter").clock(FROZEN).register(registry);
    c.inc();
    return c;
  }

  /** Summary {@code ss}, labels a, b, child (c, d) observing 17. */
  private void summaryObserved17() {
    Summary s =
        Summary.builder()
            .name("ss")
            .help("A summary")
            .labelNames("a", "b")
            .clock(FROZEN)
            .register(registry);
    s.labels("c", "d").observe(17);
  }

  /** Histogram {@code hh}, default buckets, observing 0.05. */
  private void histogramObserved005() {
    Histogram h =
        Histogram.builder().name("hh").help("A histogram").clock(FROZEN).register(registry);
    h.observe(0.05);
  }

  /**
   * Gauge histogram {@code gh} (buckets 1.0 -> 4, +Inf -> 5, gsum 7, or the negative variant with
   * bound -1.0 and gsum -7). We have no gauge histogram metric type, so it is registered as a
   * custom collector, as a Python user would write a GaugeHistogramMetricFamily.
   */
  private void gaugeHistogram(boolean negative) {
    MetricFamily family =
        new MetricFamily(
            "gh",
            "help",
            MetricType.GAUGE_HISTOGRAM,
            "",
            List.of(
                HistogramDataPoint.of(
                    Labels.EMPTY,
                    new double[] {negative ? -1 : 1, Double.POSITIVE_INFINITY},
                    new long[] {4, 5},
                    negative ? -7 : 7,
                    Double.NaN)));
    registry.register(() -> List.of(family));
  }

  /** Info {@code ii}, labels a, b, child (c, d) with info foo=bar. */
  private void infoFooBar() {
    Info i = Info.builder().name("ii").help("A info").labelNames("a", "b").register(registry);
    i.labels("c", "d").info(Map.of("foo", "bar"));
  }

  /** Python's Enum {@code ee}: labels a, b, states foo, bar, child (c, d) set to bar. */
  private void enumSetToBar() {
    StateSet e =
        StateSet.builder()
            .name("ee")
            .help("An enum")
            .labelNames("a", "b")
            .states("foo", "bar")
            .register(registry);
    e.labels("c", "d").state("bar");
  }

  /** python-behaviour 4.1: the Prometheus text format (tests/test_exposition.py). */
  @Nested
  class Text {

    @Test
    void counter_withCreatedSeries_writesTotalThenCreatedGaugeFamily() { // 4.1.1
      counterIncrementedOnce("cc");
      assertThat(render(TEXT_WITH_CREATED))
          .isEqualTo(
              """
          # HELP cc_total A counter
          # TYPE cc_total counter
          cc_total 1.0
          # HELP cc_created A counter
          # TYPE cc_created gauge
          cc_created 123.456
          """);
    }

    @Test
    void counterDeclaredWithTotal_isWrittenAsTheSameCounter() { // 4.1.1, second half
      Counter c = counterIncrementedOnce("cc_total");
      assertThat(c.name()).isEqualTo("cc");
      assertThat(render(TEXT_WITH_CREATED))
          .isEqualTo(
              """
          # HELP cc_total A counter
          # TYPE cc_total counter
          cc_total 1.0
          # HELP cc_created A counter
          # TYPE cc_created gauge
          cc_created 123.456
          """);
    }

    @Test
    void counter_byDefault_writesNoCreatedFamily() {
      // Differs from Python on purpose: text has no _created series unless asked for.
      counterIncrementedOnce("cc");
      assertThat(render(TEXT))
          .isEqualTo(
              """
          # HELP cc_total A counter
          # TYPE cc_total counter
          cc_total 1.0
          """);
    }

    @Test
    void dottedCounter_allowUtf8_quotesNamesAndMovesThemIntoBraces() { // 4.1.2
      counterIncrementedOnce("utf8.cc");
      TextFormat utf8 =
          TextFormat.builder()
              .version("1.0.0")
              .escaping(EscapingScheme.ALLOW_UTF8)
              .createdSeries(true)
              .build();
      assertThat(render(utf8))
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
    void dottedCounter_underscores_replacesTheDot() { // 4.1.2, underscores
      counterIncrementedOnce("utf8.cc");
      assertThat(render(TEXT_WITH_CREATED))
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
    void counterWithUnitTotal_keepsUnitAndTotalSuffix() { // 4.1.3
      Counter c =
          Counter.builder()
              .name("requests")
              .unit("total")
              .help("Count of requests")
              .clock(FROZEN)
              .register(registry);
      c.inc();
      assertThat(c.name()).isEqualTo("requests_total");
      assertThat(render(TEXT_WITH_CREATED))
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
    void gauge_writesValueWithDecimalPoint() { // 4.1.4
      Gauge g = Gauge.builder().name("gg").help("A gauge").register(registry);
      g.set(17);
      assertThat(render(TEXT_WITH_CREATED))
          .isEqualTo(
              """
          # HELP gg A gauge
          # TYPE gg gauge
          gg 17.0
          """);
    }

    @Test
    void labelledSummary_writesCountSumThenCreatedFamily() { // 4.1.5
      summaryObserved17();
      // Python: ss_count{a="c",b="d"} 1.0; our counts are integers.
      assertThat(render(TEXT_WITH_CREATED))
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
    void histogramDefaultBuckets_writesCumulativeBucketsCountSumThenCreatedFamily() { // 4.1.6
      histogramObserved005();
      // Python writes bucket and count values as 0.0 / 1.0; ours are integers.
      assertThat(render(TEXT_WITH_CREATED))
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
    void gaugeHistogram_writesHistogramThenGcountAndGsumFamilies() { // 4.1.7
      gaugeHistogram(false);
      // Python: buckets 4.0 / 5.0 and gh_gcount 5.0; our counts are integers.
      assertThat(render(TEXT))
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
    void labelledInfo_isGaugeWithInfoSuffixAndMergedSortedLabels() { // 4.1.8
      infoFooBar();
      assertThat(render(TEXT))
          .isEqualTo(
              """
          # HELP ii_info A info
          # TYPE ii_info gauge
          ii_info{a="c",b="d",foo="bar"} 1.0
          """);
    }

    @Test
    void labelledEnum_isGaugeWithOneSamplePerStateAndStateLabelLast() { // 4.1.9
      enumSetToBar();
      assertThat(render(TEXT))
          .isEqualTo(
              """
          # HELP ee An enum
          # TYPE ee gauge
          ee{a="c",b="d",ee="foo"} 0.0
          ee{a="c",b="d",ee="bar"} 1.0
          """);
    }

    @Test
    void unicodeHelpAndLabelValue_areWrittenAsUtf8() { // 4.1.10
      Gauge g = Gauge.builder().name("cc").help("\u4500").labelNames("l").register(registry);
      g.labels("\u4500").inc();
      assertThat(bytes(TEXT, registry))
          .isEqualTo(
              new byte[] {
                '#',
                ' ',
                'H',
                'E',
                'L',
                'P',
                ' ',
                'c',
                'c',
                ' ',
                (byte) 0xe4,
                (byte) 0x94,
                (byte) 0x80,
                '\n',
                '#',
                ' ',
                'T',
                'Y',
                'P',
                'E',
                ' ',
                'c',
                'c',
                ' ',
                'g',
                'a',
                'u',
                'g',
                'e',
                '\n',
                'c',
                'c',
                '{',
                'l',
                '=',
                '"',
                (byte) 0xe4,
                (byte) 0x94,
                (byte) 0x80,
                '"',
                '}',
                ' ',
                '1',
                '.',
                '0',
                '\n'
              });
    }

    @Test
    void helpAndLabelValue_escapeBackslashAndNewline_labelValueAlsoQuote() { // 4.1.11
      Gauge g = Gauge.builder().name("cc").help("A\ngaug\\e").labelNames("a").register(registry);
      g.labels("\\x\n\"").inc();
      // On the wire: # HELP cc A\ngaug\\e   and   cc{a="\\x\n\""} 1.0  (HELP keeps the quote
      // unescaped in this format).
      assertThat(render(TEXT))
          .isEqualTo(
              """
          # HELP cc A\\ngaug\\\\e
          # TYPE cc gauge
          cc{a="\\\\x\\n\\""} 1.0
          """);
    }

    @Test
    void labelledMetricsWithoutChildren_writeOnlyHelpAndType() {
      Counter.builder()
          .name("requests")
          .help("Requests.")
          .labelNames("method")
          .clock(FROZEN)
          .register(registry);
      Histogram.builder()
          .name("latency")
          .help("Latency.")
          .labelNames("route")
          .clock(FROZEN)
          .register(registry);
      // No series, so no _created family either (Python pulls _created out of the samples).
      assertThat(render(TEXT_WITH_CREATED))
          .isEqualTo(
              """
          # HELP requests_total Requests.
          # TYPE requests_total counter
          # HELP latency Latency.
          # TYPE latency histogram
          """);
    }
  }

  /** python-behaviour 4.2: OpenMetrics (tests/openmetrics/test_exposition.py). */
  @Nested
  class OpenMetrics {

    @Test
    void counter_writesFamilyNameThenTotalAndCreatedInline() { // 4.2.1
      counterIncrementedOnce("cc");
      assertThat(render(OM))
          .isEqualTo(
              """
          # HELP cc A counter
          # TYPE cc counter
          cc_total 1.0
          cc_created 123.456
          # EOF
          """);
    }

    @Test
    void counterDeclaredWithTotal_isWrittenAsTheSameCounter() { // 4.2.1, second half
      counterIncrementedOnce("cc_total");
      assertThat(render(OM))
          .isEqualTo(
              """
          # HELP cc A counter
          # TYPE cc counter
          cc_total 1.0
          cc_created 123.456
          # EOF
          """);
    }

    @Test
    void dottedCounter_allowUtf8_quotesFamilyAndSampleNames() { // 4.2.2
      counterIncrementedOnce("cc.with.dots");
      assertThat(
              render(
                  OpenMetricsFormat.builder()
                      .escaping(EscapingScheme.ALLOW_UTF8)
                      .createdSeries(true)
                      .build()))
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
    void counterWithUnit_writesUnitLineAndKeepsNameWhenItEndsWithTheUnit() { // 4.2.3
      Counter c =
          Counter.builder()
              .name("cc_seconds")
              .unit("seconds")
              .help("A counter")
              .clock(FROZEN)
              .register(registry);
      c.inc();
      assertThat(c.name()).isEqualTo("cc_seconds");
      assertThat(render(OM))
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
    void counterWithUnitTotal_familyKeepsTheUnit() { // 4.1.3 in OpenMetrics
      Counter.builder()
          .name("requests")
          .unit("total")
          .help("Count of requests")
          .clock(FROZEN)
          .register(registry)
          .inc();
      assertThat(render(OM))
          .isEqualTo(
              """
          # HELP requests_total Count of requests
          # TYPE requests_total counter
          # UNIT requests_total total
          requests_total_total 1.0
          requests_total_created 123.456
          # EOF
          """);
    }

    @Test
    void gauge_writesValueWithDecimalPoint() { // 4.2.4
      Gauge.builder().name("gg").help("A gauge").register(registry).set(17);
      assertThat(render(OM))
          .isEqualTo(
              """
          # HELP gg A gauge
          # TYPE gg gauge
          gg 17.0
          # EOF
          """);
    }

    @Test
    void labelledSummary_writesCountSumCreatedInline() { // 4.2.5
      summaryObserved17();
      // Python: ss_count{a="c",b="d"} 1.0; our counts are integers.
      assertThat(render(OM))
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
    void histogramDefaultBuckets_writesCreatedInlineAfterSum() { // 4.2.6
      histogramObserved005();
      // Python writes bucket and count values as 0.0 / 1.0; ours are integers.
      assertThat(render(OM))
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
    void histogramWithNegativeBuckets_omitsSum() { // 4.2.7
      Histogram h =
          Histogram.builder()
              .name("hh")
              .help("A histogram")
              .buckets(-1, -0.5, 0, 0.5, 1)
              .clock(FROZEN)
              .register(registry);
      h.observe(-0.5);
      assertThat(render(OM))
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
    void histogramObservationsInEveryBucket_accumulate() { // 4.2.8 without its exemplars
      Histogram h =
          Histogram.builder()
              .name("hh")
              .help("A histogram")
              .buckets(1, 2, 3, 4)
              .clock(FROZEN)
              .register(registry);
      for (double v : new double[] {0.5, 1.5, 2.5, 3.5}) {
        h.observe(v);
      }
      // Python attaches an exemplar to each observation and writes it after its bucket
      // (hh_bucket{le="1.0"} 1.0 # {a="b"} 0.5 123.456); our metric API records none.
      assertThat(render(OM))
          .isEqualTo(
              """
          # HELP hh A histogram
          # TYPE hh histogram
          hh_bucket{le="1.0"} 1
          hh_bucket{le="2.0"} 2
          hh_bucket{le="3.0"} 3
          hh_bucket{le="4.0"} 4
          hh_bucket{le="+Inf"} 4
          hh_count 4
          hh_sum 8.0
          hh_created 123.456
          # EOF
          """);
    }

    @Test
    void counterIncrement_writesNoExemplar() { // 4.2.9 without its exemplar
      counterIncrementedOnce("cc");
      // Python: cc_total 1.0 # {a="b"} 1.0 123.456 after inc(exemplar={'a': 'b'}); our metric
      // API records no exemplars, so the line ends after the value.
      assertThat(render(OM))
          .contains("\ncc_total 1.0\ncc_created 123.456\n")
          .doesNotContain(" # {");
    }

    @Test
    void gaugeHistogram_writesGcountAndGsumInline() { // 4.2.11
      gaugeHistogram(false);
      // Python: buckets 4.0 / 5.0 and gh_gcount 5.0; our counts are integers.
      assertThat(render(OM))
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
    void gaugeHistogramWithNegativeBucket_keepsGsum() { // 4.2.11, negative variant
      gaugeHistogram(true);
      assertThat(render(OM))
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
    void labelledInfo_isInfoTypeUnderTheBaseName() { // 4.2.12
      infoFooBar();
      assertThat(render(OM))
          .isEqualTo(
              """
          # HELP ii A info
          # TYPE ii info
          ii_info{a="c",b="d",foo="bar"} 1.0
          # EOF
          """);
    }

    @Test
    void labelledEnum_isStateset() { // 4.2.13
      enumSetToBar();
      assertThat(render(OM))
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
    void helpEscapesQuoteToo_labelValuesEscapeOnEverySample() { // 4.2.14
      Counter c =
          Counter.builder()
              .name("cc")
              .help("A\ncount\\er\"")
              .labelNames("a")
              .clock(FROZEN)
              .register(registry);
      c.labels("\\x\n\"").inc();
      // On the wire: # HELP cc A\ncount\\er\"   and   cc_total{a="\\x\n\""} 1.0
      assertThat(render(OM))
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
    void unicodeHelpAndLabelValue_areWrittenAsUtf8() { // 4.1.10 in OpenMetrics
      Gauge g = Gauge.builder().name("cc").help("\u4500").labelNames("l").register(registry);
      g.labels("\u4500 \uD83D\uDE31").inc();
      assertThat(bytes(OM, registry))
          .isEqualTo(
              utf8(
                  "# HELP cc \u4500\n# TYPE cc gauge\ncc{l=\"\u4500 \uD83D\uDE31\"} 1.0\n# EOF\n"));
    }

    @Test
    void labelledMetricsWithoutChildren_writeOnlyMetadata() {
      Counter.builder()
          .name("cc_seconds")
          .unit("seconds")
          .help("A counter")
          .labelNames("method")
          .register(registry);
      StateSet.builder()
          .name("ee")
          .help("An enum")
          .labelNames("a")
          .states("foo", "bar")
          .register(registry);
      assertThat(render(OM))
          .isEqualTo(
              """
          # HELP cc_seconds A counter
          # TYPE cc_seconds counter
          # UNIT cc_seconds seconds
          # HELP ee An enum
          # TYPE ee stateset
          # EOF
          """);
    }
  }

  /**
   * python-behaviour 4.3: content negotiation on a registry holding counter {@code dotted.counter}
   * incremented once. Python's text bodies also carry a {@code dotted_counter_created} gauge
   * family; our text format writes none by default.
   */
  @Nested
  class Negotiation {

    private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT_100 = "text/plain; version=1.0.0; charset=utf-8";
    private static final String OM_100 =
        "application/openmetrics-text; version=1.0.0; " + "charset=utf-8";

    private static final String TEXT_UNDERSCORES =
        """
        # HELP dotted_counter_total A counter
        # TYPE dotted_counter_total counter
        dotted_counter_total 1.0
        """;
    private static final String OM_UNDERSCORES =
        """
        # HELP dotted_counter A counter
        # TYPE dotted_counter counter
        dotted_counter_total 1.0
        dotted_counter_created 123.456
        # EOF
        """;

    private void assertNegotiated(String accept, String contentType, String body) {
      counterIncrementedOnce("dotted.counter");
      ExpositionFormat format = ContentNegotiation.negotiate(accept);
      if (format instanceof OpenMetricsFormat) {
        format = ContentNegotiation.negotiate(accept, true); // Python writes _created in OM
      }
      assertThat(format.contentType()).isEqualTo(contentType);
      assertThat(render(format)).isEqualTo(body);
    }

    @Test
    void noAcceptHeader_isText004WithUnderscores() {
      assertNegotiated(null, TEXT_004, TEXT_UNDERSCORES);
    }

    @Test
    void text004_isText004WithUnderscores() {
      assertNegotiated(TEXT_004, TEXT_004, TEXT_UNDERSCORES);
    }

    @Test
    void openMetrics100_isOpenMetricsAnnouncingUnderscores() {
      assertNegotiated(OM_100, OM_100 + "; escaping=underscores", OM_UNDERSCORES);
    }

    @Test
    void openMetrics100AllowUtf8_quotesFamilyAndSampleNames() {
      assertNegotiated(
          OM_100 + "; escaping=allow-utf-8",
          OM_100 + "; escaping=allow-utf-8",
          """
          # HELP "dotted.counter" A counter
          # TYPE "dotted.counter" counter
          {"dotted.counter_total"} 1.0
          {"dotted.counter_created"} 123.456
          # EOF
          """);
    }

    @Test
    void openMetrics100Dots_escapesEachSuffixedSampleName() {
      assertNegotiated(
          OM_100 + "; escaping=dots",
          OM_100 + "; escaping=dots",
          """
          # HELP dotted_dot_counter A counter
          # TYPE dotted_dot_counter counter
          dotted_dot_counter__total 1.0
          dotted_dot_counter__created 123.456
          # EOF
          """);
    }

    @Test
    void text100_isText100AnnouncingUnderscores() {
      assertNegotiated(TEXT_100, TEXT_100 + "; escaping=underscores", TEXT_UNDERSCORES);
    }

    @Test
    void text100AllowUtf8_quotesNamesAndMovesThemIntoBraces() {
      assertNegotiated(
          TEXT_100 + "; escaping=allow-utf-8",
          TEXT_100 + "; escaping=allow-utf-8",
          """
          # HELP "dotted.counter_total" A counter
          # TYPE "dotted.counter_total" counter
          {"dotted.counter_total"} 1.0
          """);
    }

    @Test
    void text100Dots_escapesTheAlreadySuffixedName() {
      assertNegotiated(
          TEXT_100 + "; escaping=dots",
          TEXT_100 + "; escaping=dots",
          """
          # HELP dotted_dot_counter__total A counter
          # TYPE dotted_dot_counter__total counter
          dotted_dot_counter__total 1.0
          """);
    }

    @Test
    void openMetricsWithoutVersion_ignoresEscaping() {
      assertNegotiated(
          "application/openmetrics-text; charset=utf-8; escaping=allow-utf-8",
          OM_100,
          OM_UNDERSCORES);
    }

    @Test
    void textWithoutVersion_isText004IgnoringEscaping() {
      assertNegotiated(
          "text/plain; charset=utf-8; escaping=allow-utf-8", TEXT_004, TEXT_UNDERSCORES);
    }
  }
}
