package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Histogram;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.InfoDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.NativeHistogram;
import io.prom4j.model.Quantile;
import io.prom4j.model.StateSetDataPoint;
import io.prom4j.model.SummaryDataPoint;
import io.prom4j.model.UnknownDataPoint;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufFormatTest {

  private static final double NAN = Double.NaN;

  private static byte[] bytes(ExpositionFormat format, MetricFamily... families) {
    return Families.bytes(format, families);
  }

  private static String hex(byte[] b) {
    return HexFormat.ofDelimiter(" ").formatHex(b);
  }

  /** Decodes the delimited stream with client_java's generated protobuf classes. */
  private static List<Metrics.MetricFamily> decode(byte[] body) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    List<Metrics.MetricFamily> out = new ArrayList<>();
    Metrics.MetricFamily f;
    while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      out.add(f);
    }
    return out;
  }

  private static MetricFamily family(String name, MetricType type, Object... points) {
    List<io.prom4j.model.DataPoint> list = new ArrayList<>();
    for (Object p : points) {
      list.add((io.prom4j.model.DataPoint) p);
    }
    return new MetricFamily(name, "", type, "", list);
  }

  @Test
  void write_referenceExample1NativeOnly_exactBytes() {
    NativeHistogram n =
        NativeHistogram.of(
            0, 0x1p-128, 0, new int[] {1, 2}, new long[] {1, 2}, new int[0], new long[0]);
    HistogramDataPoint p =
        HistogramDataPoint.of(Labels.EMPTY, new double[0], new long[0], 7.5, NAN, n);
    byte[] body = bytes(ProtobufFormat.standard(), family("rpc_seconds", MetricType.HISTOGRAM, p));
    assertThat(hex(body))
        .isEqualTo(
            "35 0a 0b 72 70 63 5f 73 65 63 6f 6e 64 73 18 04 22 24 3a 22 08 03"
                + " 11 00 00 00 00 00 00 1e 40 28 00 31 00 00 00 00 00 00 f0 37 38 00"
                + " 62 04 08 02 10 02 68 02 68 02");
  }

  @Test
  void write_referenceExample2EmptyNativeZeroThreshold_noOpSpan() throws IOException {
    NativeHistogram n =
        NativeHistogram.of(3, 0, 0, new int[0], new long[0], new int[0], new long[0]);
    HistogramDataPoint p =
        HistogramDataPoint.of(Labels.EMPTY, new double[0], new long[0], 0, NAN, n);
    byte[] body = bytes(ProtobufFormat.standard(), family("h", MetricType.HISTOGRAM, p));
    String histogram =
        "08 00 11 00 00 00 00 00 00 00 00 28 06 31 00 00 00 00 00 00 00 00 38 00 62 00";
    assertThat(hex(body)).endsWith("3a 1a " + histogram);
    Metrics.Histogram decoded = decode(body).get(0).getMetric(0).getHistogram();
    assertThat(decoded.getPositiveSpanList()).hasSize(1);
    assertThat(decoded.getPositiveSpan(0).getLength()).isZero();
  }

  @Test
  void write_exemplarTimestamp_referenceBytes() {
    Exemplar e = new Exemplar(Labels.of("trace_id", "a"), 1, 1520879607.789);
    CounterDataPoint p = CounterDataPoint.of(Labels.EMPTY, 2, NAN, e);
    byte[] body = bytes(ProtobufFormat.standard(), family("c", MetricType.COUNTER, p));
    assertThat(hex(body)).contains("1a 0c 08 f7 8f 9b d5 05 10 c0 de 9c f8 02");
  }

  @Test
  void write_spansWithSmallGapsFilled_oneSpanAsClientGolang() throws IOException {
    // the spec's example: -2:3 -1:5 2:1 4:3 5:2 (gaps of two and one are filled)
    NativeHistogram n =
        NativeHistogram.of(
            0,
            0,
            0,
            new int[] {-2, -1, 2, 4, 5},
            new long[] {3, 5, 1, 3, 2},
            new int[0],
            new long[0]);
    HistogramDataPoint p =
        HistogramDataPoint.of(Labels.EMPTY, new double[0], new long[0], 1, NAN, n);
    Metrics.Histogram h =
        decode(bytes(ProtobufFormat.standard(), family("h", MetricType.HISTOGRAM, p)))
            .get(0)
            .getMetric(0)
            .getHistogram();
    assertThat(h.getPositiveSpanCount()).isEqualTo(1);
    assertThat(h.getPositiveSpan(0).getOffset()).isEqualTo(-2);
    assertThat(h.getPositiveSpan(0).getLength()).isEqualTo(8);
    assertThat(h.getPositiveDeltaList()).containsExactly(3L, 2L, -5L, 0L, 1L, -1L, 3L, -1L);
  }

  @Test
  void write_gapOfThree_startsNewSpanWithRelativeOffset() throws IOException {
    NativeHistogram n =
        NativeHistogram.of(
            2, 0x1p-128, 1, new int[0], new long[0], new int[] {-5, 0, 1}, new long[] {4, 1, 7});
    HistogramDataPoint p =
        HistogramDataPoint.of(Labels.EMPTY, new double[0], new long[0], -9, NAN, n);
    Metrics.Histogram h =
        decode(bytes(ProtobufFormat.standard(), family("h", MetricType.HISTOGRAM, p)))
            .get(0)
            .getMetric(0)
            .getHistogram();
    assertThat(h.getSchema()).isEqualTo(2);
    assertThat(h.getZeroCount()).isEqualTo(1);
    assertThat(h.getSampleCount()).isEqualTo(13);
    assertThat(h.getNegativeSpanList())
        .extracting(s -> s.getOffset() + ":" + s.getLength())
        .containsExactly("-5:1", "4:2");
    assertThat(h.getNegativeDeltaList()).containsExactly(4L, -3L, 6L);
    assertThat(h.getPositiveSpanCount()).isZero(); // the negative span makes it native
  }

  @Test
  void write_everyType_decodesAsClientJavaReadsIt() throws IOException {
    Labels ab = Labels.of("a", "x", "b", "y");
    MetricFamily counter =
        new MetricFamily(
            "requests",
            "Requests.",
            MetricType.COUNTER,
            "",
            List.of(
                CounterDataPoint.of(
                    ab, 5, 1700000000.25, new Exemplar(Labels.of("trace_id", "t"), 0.5, NAN))));
    MetricFamily gauge =
        new MetricFamily(
            "temp_celsius",
            "T.",
            MetricType.GAUGE,
            "celsius",
            List.of(GaugeDataPoint.of(Labels.EMPTY, -1.5)));
    MetricFamily unknown =
        family("u", MetricType.UNKNOWN, UnknownDataPoint.of(Labels.of("k", "v"), 3));
    MetricFamily info =
        family("build", MetricType.INFO, InfoDataPoint.of(Labels.of("version", "1.2")));
    MetricFamily stateset =
        family(
            "state",
            MetricType.STATESET,
            StateSetDataPoint.of(
                Labels.EMPTY, new String[] {"on", "off"}, new boolean[] {true, false}));
    MetricFamily summary =
        family(
            "s",
            MetricType.SUMMARY,
            SummaryDataPoint.of(Labels.EMPTY, 3, 7.5, List.of(new Quantile(0.5, 2)), 100.5));
    MetricFamily histogram =
        family(
            "hist",
            MetricType.HISTOGRAM,
            HistogramDataPoint.of(
                Labels.EMPTY,
                new double[] {1, Double.POSITIVE_INFINITY},
                new long[] {1, 3},
                5,
                200));
    MetricFamily gaugeHistogram =
        family(
            "gh",
            MetricType.GAUGE_HISTOGRAM,
            HistogramDataPoint.of(
                Labels.EMPTY, new double[] {Double.POSITIVE_INFINITY}, new long[] {2}, 1, 200));
    MetricFamily empty = family("nothing", MetricType.GAUGE);

    List<Metrics.MetricFamily> d =
        decode(
            bytes(
                ProtobufFormat.standard(),
                counter,
                gauge,
                unknown,
                info,
                stateset,
                summary,
                histogram,
                gaugeHistogram,
                empty));
    assertThat(d)
        .extracting(Metrics.MetricFamily::getName)
        .containsExactly(
            "requests_total", "temp_celsius", "u", "build_info", "state", "s", "hist", "gh");

    Metrics.MetricFamily c = d.get(0);
    assertThat(c.getHelp()).isEqualTo("Requests.");
    assertThat(c.getType()).isEqualTo(Metrics.MetricType.COUNTER);
    Metrics.Metric cm = c.getMetric(0);
    assertThat(cm.getLabelList())
        .extracting(l -> l.getName() + "=" + l.getValue())
        .containsExactly("a=x", "b=y");
    assertThat(cm.getCounter().getValue()).isEqualTo(5);
    assertThat(cm.getCounter().getCreatedTimestamp().getSeconds()).isEqualTo(1700000000L);
    assertThat(cm.getCounter().getCreatedTimestamp().getNanos()).isEqualTo(250_000_000);
    assertThat(cm.getCounter().getExemplar().getValue()).isEqualTo(0.5);
    assertThat(cm.getCounter().getExemplar().hasTimestamp()).isFalse();

    assertThat(d.get(1).getUnit()).isEqualTo("celsius");
    assertThat(d.get(1).getMetric(0).getGauge().getValue()).isEqualTo(-1.5);
    assertThat(d.get(2).getType()).isEqualTo(Metrics.MetricType.UNTYPED);
    assertThat(d.get(2).getMetric(0).getUntyped().getValue()).isEqualTo(3);
    assertThat(d.get(3).getType()).isEqualTo(Metrics.MetricType.GAUGE);
    assertThat(d.get(3).getMetric(0).getGauge().getValue()).isEqualTo(1);
    assertThat(d.get(3).getMetric(0).getLabel(0).getValue()).isEqualTo("1.2");
    assertThat(d.get(4).getMetricList())
        .extracting(
            m ->
                m.getLabel(0).getName()
                    + "="
                    + m.getLabel(0).getValue()
                    + " "
                    + m.getGauge().getValue())
        .containsExactly("state=on 1.0", "state=off 0.0");

    Metrics.Summary s = d.get(5).getMetric(0).getSummary();
    assertThat(s.getSampleCount()).isEqualTo(3);
    assertThat(s.getSampleSum()).isEqualTo(7.5);
    assertThat(s.getQuantile(0).getQuantile()).isEqualTo(0.5);
    assertThat(s.getQuantile(0).getValue()).isEqualTo(2);
    assertThat(s.getCreatedTimestamp().getSeconds()).isEqualTo(100);
    assertThat(s.getCreatedTimestamp().getNanos()).isEqualTo(500_000_000);

    Metrics.Histogram h = d.get(6).getMetric(0).getHistogram();
    assertThat(h.getSampleCount()).isEqualTo(3);
    assertThat(h.getBucketList())
        .extracting(b -> b.getUpperBound() + ":" + b.getCumulativeCount())
        .containsExactly("1.0:1"); // +Inf is implicit
    assertThat(h.getCreatedTimestamp().getSeconds()).isEqualTo(200);
    assertThat(h.hasSchema()).isFalse(); // classic only: no native field at all
    assertThat(h.getPositiveSpanCount()).isZero();

    assertThat(d.get(7).getType()).isEqualTo(Metrics.MetricType.GAUGE_HISTOGRAM);
    assertThat(d.get(7).getMetric(0).getHistogram().hasCreatedTimestamp()).isFalse();
  }

  @Test
  void write_classicAndNativeHistogram_bothPartsAndNativeExemplarsWithTimestamp()
      throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Histogram hist =
        Histogram.builder()
            .name("rpc_seconds")
            .help("RPC.")
            .buckets(0.1, 1)
            .clock(InstantSource.fixed(Instant.ofEpochSecond(1700000000, 123_000_000)))
            .register(registry);
    hist.observe(0.05);
    hist.observe(0.5);
    hist.observe(0.5);
    hist.observe(7);
    Metrics.Histogram h =
        decode(bytes(ProtobufFormat.standard(), registry.collect().toArray(MetricFamily[]::new)))
            .get(0)
            .getMetric(0)
            .getHistogram();
    assertThat(h.getSampleCount()).isEqualTo(4);
    assertThat(h.getSampleSum()).isEqualTo(8.05);
    assertThat(h.getBucketList())
        .extracting(b -> b.getUpperBound() + ":" + b.getCumulativeCount())
        .containsExactly("0.1:1", "1.0:3");
    assertThat(h.getSchema()).isEqualTo(5);
    assertThat(h.getZeroThreshold()).isEqualTo(0x1p-128);
    long total = h.getZeroCount();
    long count = 0;
    for (long delta : h.getPositiveDeltaList()) {
      count += delta;
      total += count;
    }
    assertThat(total).isEqualTo(4);
    assertThat(h.getCreatedTimestamp().getSeconds()).isEqualTo(1700000000L);
    assertThat(h.getCreatedTimestamp().getNanos()).isEqualTo(123_000_000);

    Exemplar stamped = new Exemplar(Labels.of("trace_id", "a"), 0.5, 1700000001.5);
    Exemplar unstamped = new Exemplar(Labels.of("trace_id", "b"), 0.05, NAN);
    HistogramDataPoint withExemplars =
        Families.withExemplars(
            HistogramDataPoint.of(
                Labels.EMPTY,
                new double[] {0.1, 1, Double.POSITIVE_INFINITY},
                new long[] {1, 3, 3},
                1.05,
                NAN,
                NativeHistogram.of(
                    0, 0, 0, new int[] {-3, 0}, new long[] {1, 2}, new int[0], new long[0])),
            unstamped,
            stamped);
    Metrics.Histogram e =
        decode(bytes(ProtobufFormat.standard(), family("x", MetricType.HISTOGRAM, withExemplars)))
            .get(0)
            .getMetric(0)
            .getHistogram();
    assertThat(e.getBucket(0).getExemplar().getLabel(0).getValue()).isEqualTo("b");
    assertThat(e.getBucket(1).getExemplar().getLabel(0).getValue()).isEqualTo("a");
    assertThat(e.getExemplarsList()).hasSize(1);
    assertThat(e.getExemplars(0).getTimestamp().getSeconds()).isEqualTo(1700000001L);
    assertThat(e.getExemplars(0).getTimestamp().getNanos()).isEqualTo(500_000_000);
  }

  @Test
  void write_escaping_appliesToMetricAndLabelNames() throws IOException {
    MetricFamily f =
        family("my.metric", MetricType.GAUGE, GaugeDataPoint.of(Labels.of("lab.el", "v.1"), 1));
    assertThat(decode(bytes(ProtobufFormat.standard(), f)).get(0).getName()).isEqualTo("my_metric");
    Metrics.MetricFamily utf8 =
        decode(bytes(ProtobufFormat.builder().escaping(EscapingScheme.ALLOW_UTF8).build(), f))
            .get(0);
    assertThat(utf8.getName()).isEqualTo("my.metric");
    assertThat(utf8.getMetric(0).getLabel(0).getName()).isEqualTo("lab.el");
    Metrics.MetricFamily dots =
        decode(bytes(ProtobufFormat.builder().escaping(EscapingScheme.DOTS).build(), f)).get(0);
    assertThat(dots.getName()).isEqualTo("my_dot_metric");
    assertThat(dots.getMetric(0).getLabel(0).getName()).isEqualTo("lab_dot_el");
    assertThat(dots.getMetric(0).getLabel(0).getValue()).isEqualTo("v.1");
  }

  @Test
  void write_longAndNonAsciiStrings_lengthPrefixesRight() throws IOException {
    String help = "ü€😀 ".repeat(100);
    List<io.prom4j.model.DataPoint> points = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      points.add(
          CounterDataPoint.of(Labels.of("i", Integer.toString(i), "v", "x".repeat(i % 300)), i));
    }
    MetricFamily big = new MetricFamily("big", help, MetricType.COUNTER, "", points);
    List<Metrics.MetricFamily> d = decode(bytes(ProtobufFormat.standard(), big, big));
    assertThat(d).hasSize(2);
    assertThat(d.get(1).getHelp()).isEqualTo(help);
    assertThat(d.get(1).getMetricCount()).isEqualTo(3000);
    assertThat(d.get(1).getMetric(2999).getLabel(1).getValue()).isEqualTo("x".repeat(2999 % 300));
  }

  @Test
  void contentType_alwaysNamesEscaping() {
    assertThat(ProtobufFormat.standard().contentType())
        .isEqualTo(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                + " encoding=delimited; escaping=underscores");
    assertThat(ProtobufFormat.builder().escaping(EscapingScheme.ALLOW_UTF8).build().contentType())
        .endsWith("; escaping=allow-utf-8");
  }

  @Test
  void write_counterFromRegistry_createdTimestampAlwaysCarried() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter c =
        Counter.builder()
            .name("jobs")
            .help("J.")
            .clock(InstantSource.fixed(Instant.ofEpochSecond(1234)))
            .register(registry);
    c.inc();
    Metrics.Counter decoded =
        decode(bytes(ProtobufFormat.standard(), registry.collect().toArray(MetricFamily[]::new)))
            .get(0)
            .getMetric(0)
            .getCounter();
    assertThat(decoded.getValue()).isEqualTo(1);
    assertThat(decoded.getCreatedTimestamp().getSeconds()).isEqualTo(1234);
  }
}
