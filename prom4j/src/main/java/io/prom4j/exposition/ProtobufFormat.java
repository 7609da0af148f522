package io.prom4j.exposition;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.NativeHistogram;
import io.prom4j.model.Quantile;
import io.prom4j.model.StateSetDataPoint;
import io.prom4j.model.SummaryDataPoint;
import io.prom4j.model.UnknownDataPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Prometheus's protobuf exposition format: a stream of length-delimited {@code
 * io.prometheus.client.MetricFamily} messages, the only format in which Prometheus ingests native
 * histograms. Written by hand, without a protobuf library.
 *
 * <pre>{@code
 * ProtobufFormat.builder().escaping(EscapingScheme.UNDERSCORES).build().write(out, registry);
 * }</pre>
 *
 * <p>What is written, field by field as client_golang and client_java write it (proto2 style:
 * fields in number order, zero values written where those clients set them):
 *
 * <ul>
 *   <li>family name (escaped by the scheme; counters get {@code _total}, info metrics {@code
 *       _info}), help if not empty, type, the metrics, unit if not empty. Families without series
 *       are left out, as Prometheus skips them anyway;
 *   <li>counter: value, exemplar, created timestamp. Gauge and unknown (as {@code UNTYPED}): value.
 *       Info: a gauge of value 1. State set: one gauge per state, 1 or 0, with the state in a label
 *       named as the family (as the Go and Java clients do);
 *   <li>summary: count, sum, quantiles, created timestamp;
 *   <li>histogram and gauge histogram: count, sum, classic buckets (cumulative, without the {@code
 *       +Inf} bucket unless it has an exemplar, which Prometheus adds from the count), then the
 *       native histogram if there is one: schema, zero threshold, zero count, negative and positive
 *       spans with deltas (gaps of up to two empty buckets are filled instead of starting a span,
 *       as both reference clients do; a histogram with no span gets the no-op span, so that
 *       Prometheus reads it as native even with a zero threshold of 0), the created timestamp
 *       (histograms only) and, for native histograms, the native exemplars that have a timestamp
 *       (field 16; by default the classic buckets' exemplars, see {@link
 *       HistogramDataPoint#nativeExemplarCount()});
 *   <li>created timestamps always: they cost no series in protobuf, unlike {@code _created} in
 *       text.
 * </ul>
 *
 * <p>Implementation notes: one {@link ProtoWriter} buffer per write, no per-series allocation
 * beyond label names that the scheme changes. Instances are immutable and thread-safe.
 */
public final class ProtobufFormat implements ExpositionFormat {

  /** Content-Type of the delimited protobuf format, without the escaping parameter. */
  public static final String CONTENT_TYPE =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
          + " encoding=delimited";

  private static final ProtobufFormat DEFAULT = new Builder().build();

  // MetricType enum values of metrics.proto
  private static final int COUNTER = 0;
  private static final int GAUGE = 1;
  private static final int SUMMARY = 2;
  private static final int UNTYPED = 3;
  private static final int HISTOGRAM = 4;
  private static final int GAUGE_HISTOGRAM = 5;

  /** The slot value of a family that is never kept. */
  private static final Object NOT_KEPT = new Object();

  private final EscapingScheme escaping;
  private final String contentType;

  private ProtobufFormat(Builder b) {
    this.escaping = b.escaping;
    this.contentType = CONTENT_TYPE + "; escaping=" + b.escaping.headerValue();
  }

  /** Protobuf with underscore escaping (a shared instance). */
  public static ProtobufFormat standard() {
    return DEFAULT;
  }

  /** A builder; its defaults give {@link #standard()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name escaping scheme. */
  public EscapingScheme escaping() {
    return escaping;
  }

  /**
   * {@inheritDoc} {@value #CONTENT_TYPE}{@code ; escaping=<scheme>}, the escaping always named as
   * client_golang does.
   */
  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public void write(OutputStream out, List<MetricFamily> families) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(families, "families");
    ProtoWriter w = new ProtoWriter(out);
    try {
      long budget = FamilyWriter.KEPT_BYTES;
      for (MetricFamily f : families) {
        if (!f.points().isEmpty()) {
          budget = write(w, f, budget);
          w.familyEnd();
        }
      }
      w.finish();
    } finally {
      w.abandon();
    }
  }

  /**
   * Writes one family's record; returns what is left of {@code budget}, the heap that this write
   * may still leave kept. A counter or gauge family of prom4j's own is written from what the last
   * protobuf scrape kept, with the series' current values patched in, when its exemplars are the
   * same; otherwise it is encoded and kept if that fits in the budget (as the text writers do:
   * {@link FamilyWriter}). A histogram family of prom4j's own copies what was kept for the series
   * whose snapshots are the same ({@link #writeSnapshots}). Any other family is encoded.
   */
  private long write(ProtoWriter w, MetricFamily f, long budget) throws IOException {
    MetricType type = f.type();
    List<? extends DataPoint> points = f.points();
    if ((type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM)
        && points instanceof RenderedPoints holder) {
      return writeSnapshots(w, f, holder, budget);
    }
    Object slot =
        points instanceof RenderedPoints holder
                && (type == MetricType.COUNTER || type == MetricType.GAUGE)
            ? holder.rendered(RenderedPoints.PROTOBUF)
            : NOT_KEPT;
    if (slot == NOT_KEPT) {
      encode(w, f);
      return budget;
    }
    RenderedPoints holder = (RenderedPoints) points;
    long generation = holder.generation(); // before any series is read
    if (RenderedFamily.Oversized.skips(slot, points, budget)) {
      holder.moveOn(generation); // about to write values it did not keep
      encode(w, f);
      return budget;
    }
    if (slot instanceof RenderedRecord old
        && old.renders(f, escaping)
        && old.retained() <= budget) {
      RenderedRecord now = old.current(generation, holder);
      if (now != null) {
        w.record(now.record);
        if (now != old) {
          holder.rendered(RenderedPoints.PROTOBUF, now);
        }
        return budget - now.retained();
      }
    }
    generation = holder.moveOn(generation); // about to write values it did not keep
    boolean counter = type == MetricType.COUNTER;
    long arrays = RenderedRecord.PER_SERIES * points.size(); // what keeping takes beside the bytes
    if (arrays >= budget) {
      encode(w, f);
      return RenderedFamily.keep(holder, RenderedPoints.PROTOBUF, points, null, arrays, budget);
    }
    Exemplar[] shown = counter ? new Exemplar[points.size()] : null;
    int mark = w.beginDelimited();
    writeFamily(w, f, shown);
    byte[] record = w.endDelimitedCopy(mark, budget - arrays); // null: more than the budget left
    RenderedRecord keep =
        record == null
            ? null
            : RenderedRecord.of(f, escaping, record, counter ? 3 : 2, shown, generation);
    long retained = keep == null ? budget + 1 : keep.retained();
    return RenderedFamily.keep(holder, RenderedPoints.PROTOBUF, points, keep, retained, budget);
  }

  /**
   * Writes a histogram family of prom4j's own: a series whose snapshot is the one the last protobuf
   * scrape encoded is copied from the record it kept, the others are encoded; the record is kept if
   * it fits in {@code budget}. Returns what is left of the budget.
   *
   * <p>Measured on the benchmarks' workload (10,000 counter series, 100 native histograms in ten
   * families), one protobuf scrape to a discarding stream: 43,680 scrapes/s against 18,227 with
   * every histogram encoded (2.4x; {@code ExpositionBenchmark.prom4j -p series=10000 -p
   * format=protobuf -p gzip=false -f 1 -wi 4 -i 6 -w 1 -r 1}, JDK 17, 2 cores, the two builds in
   * one sequence). End to end, see the protobuf rows of BENCHMARKS.md.
   */
  private long writeSnapshots(ProtoWriter w, MetricFamily f, RenderedPoints holder, long budget)
      throws IOException {
    List<? extends DataPoint> points = f.points();
    Object slot = holder.rendered(RenderedPoints.PROTOBUF);
    if (RenderedFamily.Oversized.skips(slot, points, budget)) {
      encode(w, f);
      return budget;
    }
    int n = points.size();
    long arrays = RenderedSnapshots.PER_SERIES * n; // what keeping takes beside the bytes
    RenderedSnapshots old =
        slot instanceof RenderedSnapshots r && r.renders(f, escaping) ? r : null;
    if (old != null ? old.retained() > budget : arrays >= budget) { // cannot fit
      encode(w, f);
      long retained = old != null ? old.retained() : arrays;
      return RenderedFamily.keep(holder, RenderedPoints.PROTOBUF, points, null, retained, budget);
    }
    int changed = old == null ? 0 : old.firstChanged(points);
    if (changed == n) { // every series as kept: the same record
      w.record(old.record);
      return budget - old.retained();
    }
    boolean gauge = f.type() == MetricType.GAUGE_HISTOGRAM;
    int[] starts = new int[n + 1];
    DataPoint[] snapshots = new DataPoint[n];
    int mark = w.beginDelimited();
    if (old == null) {
      header(w, f);
    } else {
      old.writeBodyBefore(w, changed);
      for (int i = 0; i < changed; i++) {
        starts[i] = old.start(i);
        snapshots[i] = old.snapshot(i);
      }
    }
    for (int i = changed; i < n; i++) {
      DataPoint p = points.get(i);
      starts[i] = w.bodyLength(mark);
      if (old != null && old.shows(i, p)) {
        old.writeMetric(w, i);
      } else {
        histogramMetric(w, (HistogramDataPoint) p, gauge);
      }
      snapshots[i] = p;
    }
    starts[n] = w.bodyLength(mark);
    unit(w, f);
    byte[] record = w.endDelimitedCopy(mark, budget - arrays); // null: more than the budget left
    RenderedSnapshots keep =
        record == null ? null : new RenderedSnapshots(f, escaping, record, starts, snapshots);
    long retained = keep == null ? budget + 1 : keep.retained();
    return RenderedFamily.keep(holder, RenderedPoints.PROTOBUF, points, keep, retained, budget);
  }

  /** Encodes {@code f}'s record, keeping nothing. */
  private void encode(ProtoWriter w, MetricFamily f) throws IOException {
    int mark = w.beginDelimited();
    writeFamily(w, f, null);
    w.endDelimited(mark);
  }

  /**
   * Encodes {@code f}'s record body; for a counter family, stores each series' exemplar as written
   * in {@code shown} unless it is null.
   */
  private void writeFamily(ProtoWriter w, MetricFamily f, Exemplar[] shown) {
    MetricType type = f.type();
    header(w, f);
    List<? extends DataPoint> points = f.points();
    switch (type) {
      case COUNTER -> {
        for (int i = 0; i < points.size(); i++) {
          CounterDataPoint p = (CounterDataPoint) points.get(i);
          int metric = w.begin(4);
          labels(w, p.labels(), null, null);
          int counter = w.begin(3);
          w.doubleField(1, p.value());
          Exemplar e = p.exemplar();
          if (e != null) {
            exemplar(w, 2, e);
          }
          if (shown != null) {
            shown[i] = e;
          }
          timestamp(w, 3, p.created());
          w.end(counter);
          w.end(metric);
        }
      }
      case GAUGE -> {
        for (DataPoint d : points) {
          gauge(w, d.labels(), null, null, 2, ((GaugeDataPoint) d).value());
        }
      }
      case UNKNOWN -> {
        for (DataPoint d : points) {
          gauge(w, d.labels(), null, null, 5, ((UnknownDataPoint) d).value());
        }
      }
      case INFO -> {
        for (DataPoint d : points) {
          gauge(w, d.labels(), null, null, 2, 1.0);
        }
      }
      case STATESET -> {
        String stateLabel = NameEscaper.escapeLabelName(f.name(), escaping);
        for (DataPoint d : points) {
          StateSetDataPoint p = (StateSetDataPoint) d;
          for (int j = 0; j < p.stateCount(); j++) {
            gauge(w, p.labels(), stateLabel, p.state(j), 2, p.enabled(j) ? 1.0 : 0.0);
          }
        }
      }
      case SUMMARY -> {
        for (DataPoint d : points) {
          SummaryDataPoint p = (SummaryDataPoint) d;
          int metric = w.begin(4);
          labels(w, p.labels(), null, null);
          int summary = w.begin(4);
          w.uint64Field(1, p.count());
          w.doubleField(2, p.sum());
          List<Quantile> quantiles = p.quantiles();
          for (int j = 0; j < quantiles.size(); j++) {
            Quantile q = quantiles.get(j);
            int quantile = w.begin(3);
            w.doubleField(1, q.quantile());
            w.doubleField(2, q.value());
            w.end(quantile);
          }
          timestamp(w, 4, p.created());
          w.end(summary);
          w.end(metric);
        }
      }
      case HISTOGRAM, GAUGE_HISTOGRAM -> {
        boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
        for (DataPoint d : points) {
          histogramMetric(w, (HistogramDataPoint) d, gauge);
        }
      }
      default -> throw new AssertionError(type);
    }
    unit(w, f);
  }

  /** The fields of a family's record before its metrics: name, help (unless empty), type. */
  private void header(ProtoWriter w, MetricFamily f) {
    MetricType type = f.type();
    String name =
        switch (type) {
          case COUNTER -> f.name() + "_total";
          case INFO -> f.name() + "_info";
          default -> f.name();
        };
    w.stringField(1, NameEscaper.escapeMetricName(name, escaping));
    if (!f.help().isEmpty()) {
      w.stringField(2, f.help());
    }
    w.tag(3, ProtoWriter.VARINT);
    w.varint32(protoType(type));
  }

  /** The field of a family's record after its metrics: the unit, unless empty. */
  private static void unit(ProtoWriter w, MetricFamily f) {
    if (!f.unit().isEmpty()) {
      w.stringField(5, f.unit());
    }
  }

  /** One histogram series' Metric message (field 4 of the family). */
  private void histogramMetric(ProtoWriter w, HistogramDataPoint p, boolean gauge) {
    int metric = w.begin(4);
    labels(w, p.labels(), null, null);
    int histogram = w.begin(7);
    histogram(w, p, gauge);
    w.end(histogram);
    w.end(metric);
  }

  private static int protoType(MetricType type) {
    return switch (type) {
      case COUNTER -> COUNTER;
      case GAUGE, INFO, STATESET -> GAUGE;
      case SUMMARY -> SUMMARY;
      case UNKNOWN -> UNTYPED;
      case HISTOGRAM -> HISTOGRAM;
      case GAUGE_HISTOGRAM -> GAUGE_HISTOGRAM;
    };
  }

  /** A metric with a gauge (field 2) or untyped (field 5) value. */
  private void gauge(
      ProtoWriter w, Labels labels, String extraName, String extraValue, int field, double value) {
    int metric = w.begin(4);
    labels(w, labels, extraName, extraValue);
    int gauge = w.begin(field);
    w.doubleField(1, value);
    w.end(gauge);
    w.end(metric);
  }

  /** Field 1 of Metric (or Exemplar): one LabelPair per label, the extra one last. */
  private void labels(ProtoWriter w, Labels labels, String extraName, String extraValue) {
    for (int i = 0; i < labels.size(); i++) {
      int pair = w.begin(1);
      w.stringField(1, NameEscaper.escapeLabelName(labels.name(i), escaping));
      w.stringField(2, labels.value(i));
      w.end(pair);
    }
    if (extraName != null) {
      int pair = w.begin(1);
      w.stringField(1, extraName);
      w.stringField(2, extraValue);
      w.end(pair);
    }
  }

  private void exemplar(ProtoWriter w, int field, Exemplar e) {
    int exemplar = w.begin(field);
    labels(w, e.labels(), null, null);
    w.doubleField(2, e.value());
    timestamp(w, 3, e.timestamp());
    w.end(exemplar);
  }

  /**
   * A {@code google.protobuf.Timestamp} field from seconds since the epoch, rounded to the
   * microsecond (a double holds no more); nothing if NaN.
   */
  static void timestamp(ProtoWriter w, int field, double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return;
    }
    long micros = Math.round(seconds * 1e6);
    long s = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    int ts = w.begin(field);
    if (s != 0) {
      w.tag(1, ProtoWriter.VARINT);
      w.varint64(s);
    }
    if (nanos != 0) {
      w.tag(2, ProtoWriter.VARINT);
      w.varint32(nanos);
    }
    w.end(ts);
  }

  private void histogram(ProtoWriter w, HistogramDataPoint p, boolean gauge) {
    NativeHistogram n = p.nativeHistogram();
    w.uint64Field(1, p.count());
    w.doubleField(2, p.sum());
    int buckets = p.bucketCount();
    for (int j = 0; j < buckets; j++) {
      double bound = p.upperBound(j);
      Exemplar e = p.exemplar(j);
      if (bound == Double.POSITIVE_INFINITY && e == null) {
        continue; // implicit: Prometheus takes it from the count
      }
      int bucket = w.begin(3);
      w.uint64Field(1, p.cumulativeCount(j));
      w.doubleField(2, bound);
      if (e != null) {
        exemplar(w, 3, e);
      }
      w.end(bucket);
    }
    if (n != null) {
      w.tag(5, ProtoWriter.VARINT);
      w.sint32(n.schema());
      w.doubleField(6, n.zeroThreshold());
      w.uint64Field(7, n.zeroCount());
      int negative = n.negativeBucketCount();
      int positive = n.positiveBucketCount();
      if (negative > 0) {
        spansAndDeltas(w, 9, 10, n, false);
      }
      if (positive > 0) {
        spansAndDeltas(w, 12, 13, n, true);
      }
      if (negative == 0 && positive == 0) {
        w.end(w.begin(12)); // the no-op span: 62 00
      }
    }
    if (!gauge) {
      timestamp(w, 15, p.created());
    }
    if (n != null) {
      int exemplars = p.nativeExemplarCount();
      for (int j = 0; j < exemplars; j++) {
        Exemplar e = p.nativeExemplar(j);
        if (e != null && !Double.isNaN(e.timestamp())) {
          exemplar(w, 16, e);
        }
      }
    }
  }

  /**
   * One side's spans (field {@code spanField}) and then its deltas ({@code deltaField}, unpacked as
   * the reference clients write them). A gap of one or two empty buckets is filled with zero
   * buckets; a longer gap starts a new span.
   */
  private static void spansAndDeltas(
      ProtoWriter w, int spanField, int deltaField, NativeHistogram n, boolean positive) {
    int count = positive ? n.positiveBucketCount() : n.negativeBucketCount();
    int start = 0;
    int previousEnd = 0; // index after the previous span
    while (start < count) {
      int end = start + 1; // exclusive: the span covers buckets start..end-1 of the view
      while (end < count && index(n, positive, end) - index(n, positive, end - 1) <= 3) {
        end++;
      }
      int first = index(n, positive, start);
      int span = w.begin(spanField);
      w.tag(1, ProtoWriter.VARINT);
      w.sint32(start == 0 ? first : first - previousEnd);
      w.tag(2, ProtoWriter.VARINT);
      int last = index(n, positive, end - 1);
      w.varint32(last - first + 1);
      w.end(span);
      previousEnd = last + 1;
      start = end;
    }
    long previous = 0;
    int prevIndex = Integer.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      int index = index(n, positive, i);
      if (prevIndex != Integer.MIN_VALUE && index - prevIndex <= 3) {
        for (int gap = prevIndex + 1; gap < index; gap++) {
          w.tag(deltaField, ProtoWriter.VARINT);
          w.sint64(-previous);
          previous = 0;
        }
      }
      long c = positive ? n.positiveCount(i) : n.negativeCount(i);
      w.tag(deltaField, ProtoWriter.VARINT);
      w.sint64(c - previous);
      previous = c;
      prevIndex = index;
    }
  }

  private static int index(NativeHistogram n, boolean positive, int i) {
    return positive ? n.positiveIndex(i) : n.negativeIndex(i);
  }

  /** Builds a {@link ProtobufFormat}. Default: {@link EscapingScheme#UNDERSCORES}. */
  public static final class Builder {
    private EscapingScheme escaping = EscapingScheme.UNDERSCORES;

    private Builder() {}

    /** The name escaping scheme, also named in the Content-Type. */
    public Builder escaping(EscapingScheme escaping) {
      this.escaping = Objects.requireNonNull(escaping, "escaping");
      return this;
    }

    /** The format. */
    public ProtobufFormat build() {
      return new ProtobufFormat(this);
    }
  }
}
