package io.prom4j.exposition;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.Quantile;
import io.prom4j.model.StateSetDataPoint;
import io.prom4j.model.SummaryDataPoint;
import io.prom4j.model.UnknownDataPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * The one per-type loop of the text formats: metadata lines, then each family's samples, in the
 * {@link TextDialect} of the format. Sample lines are written by {@link SeriesWriter}, bytes by
 * {@link ByteWriter}.
 *
 * <p>Implementation notes. Names are escaped once per family; the dialect is read once per family
 * (or per series, as a predictable branch), so the per-series work is the same as with a writer per
 * format. One instance serves one write on one thread.
 *
 * <p>Counter, gauge and histogram families of prom4j's own metrics are kept: their point lists
 * ({@link RenderedPoints}) hold what the last scrape in the same format wrote, the family's bytes
 * with what each series showed (a counter's or gauge's value bits and exemplar, a histogram's
 * snapshot, which the series hands back while it has not changed). A scrape reads each series; if
 * none changed it writes the kept bytes as they are, else it copies the lines of the series that
 * did not change, formats the others and keeps the result. Series are read once per scrape either
 * way. Each write keeps at most {@link #KEPT_BYTES} altogether, in the order it visits families; a
 * family that does not fit in what is left is formatted on every scrape and keeps only its size.
 */
final class FamilyWriter {

  private static final byte[] EOF = SeriesWriter.ascii("# EOF\n");

  /** The TYPE keywords per {@link MetricType} ordinal: [0] Prometheus text, [1] OpenMetrics. */
  private static final byte[][][] TYPES = {
    typeNames(TextDialect.TEXT), typeNames(TextDialect.OPENMETRICS)
  };

  /** The most heap that one write leaves kept in the families it renders (4 MiB). */
  static final long KEPT_BYTES = 4L << 20;

  private final ByteWriter w;
  private final SeriesWriter s;
  private final TextDialect dialect;
  private final byte[][] types;
  private final byte[] gauge;
  private final boolean keepLines;
  private final int keptSlot;
  private long keptBudget = KEPT_BYTES;

  private FamilyWriter(ByteWriter w, SeriesWriter s, TextDialect d, boolean keepLines) {
    this.w = w;
    this.s = s;
    this.dialect = d;
    this.types = TYPES[d.openMetricsTypes() ? 1 : 0];
    this.gauge = types[MetricType.GAUGE.ordinal()];
    this.keepLines = keepLines;
    this.keptSlot = keptSlot(d);
  }

  /**
   * Writes {@code families} to {@code out} in {@code dialect}, with names escaped by {@code e}.
   *
   * @throws NullPointerException if {@code out} or {@code families} is null
   */
  static void write(
      OutputStream out, List<MetricFamily> families, TextDialect dialect, EscapingScheme e)
      throws IOException {
    write(out, families, dialect, e, true, true, true);
  }

  /**
   * {@link #write(OutputStream, List, TextDialect, EscapingScheme)} with the label cache, the
   * buffer pool and the kept lines each on or off: the A/B switches of {@code
   * WriterTricksBenchmark} (in prom4j-benchmarks). Production code always passes true.
   */
  static void write(
      OutputStream out,
      List<MetricFamily> families,
      TextDialect dialect,
      EscapingScheme e,
      boolean cacheLabels,
      boolean pooledBuffer,
      boolean keepLines)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(families, "families");
    ByteWriter w = new ByteWriter(out, pooledBuffer);
    try {
      FamilyWriter fw =
          new FamilyWriter(w, new SeriesWriter(w, e, cacheLabels), dialect, keepLines);
      for (MetricFamily f : families) {
        fw.family(f);
        w.familyEnd();
      }
      if (dialect.eof()) {
        w.write(EOF);
      }
      w.finish();
    } finally {
      w.abandon();
    }
  }

  private void family(MetricFamily f) throws IOException {
    MetricType type = f.type();
    if (!kept(f)) {
      String first = firstSample(f);
      header(f, headerName(f, first), types[type.ordinal()], true);
      series(f, first);
    }
    switch (type) {
      case COUNTER, SUMMARY, HISTOGRAM -> {
        if (dialect.created() == TextDialect.Created.FAMILY) {
          createdFamily(f);
        }
      }
      case GAUGE_HISTOGRAM -> {
        if (!dialect.inlineGaugeHistogramTotals()) {
          gaugeHistogramTotalFamilies(f);
        }
      }
      default -> {}
    }
  }

  /** The name of the family's first sample, where it has one of its own. */
  private static String firstSample(MetricFamily f) {
    return switch (f.type()) {
      case COUNTER -> f.name() + "_total";
      case INFO -> f.name() + "_info";
      default -> f.name();
    };
  }

  /** The name in the family's HELP and TYPE lines. */
  private String headerName(MetricFamily f, String first) {
    return dialect.suffixedHeaders() ? first : f.name();
  }

  /** The slot of each dialect, so that scrapers of two dialects do not replace each other's. */
  private static int keptSlot(TextDialect d) {
    if (d == TextDialect.TEXT_CREATED) {
      return RenderedPoints.TEXT_CREATED;
    }
    if (d == TextDialect.OPENMETRICS_CREATED) {
      return RenderedPoints.OPENMETRICS_CREATED;
    }
    return d.openMetricsTypes() ? RenderedPoints.OPENMETRICS : RenderedPoints.TEXT;
  }

  /** The sample lines of {@code f}, whose first sample is named {@code first}. */
  private void series(MetricFamily f, String first) throws IOException {
    switch (f.type()) {
      case COUNTER -> counter(f, s.sampleName(first));
      case GAUGE -> {
        SeriesWriter.SampleName sample = s.sampleName(first);
        for (DataPoint p : f.points()) {
          s.sample(sample, p.labels(), ((GaugeDataPoint) p).value());
        }
      }
      case UNKNOWN -> {
        SeriesWriter.SampleName sample = s.sampleName(first);
        for (DataPoint p : f.points()) {
          s.sample(sample, p.labels(), ((UnknownDataPoint) p).value());
        }
      }
      case INFO -> {
        SeriesWriter.SampleName sample = s.sampleName(first);
        for (DataPoint p : f.points()) {
          s.sample(sample, p.labels(), 1.0);
        }
      }
      case STATESET -> stateSet(f, s.sampleName(first));
      case SUMMARY -> summary(f, s.sampleName(first));
      case HISTOGRAM, GAUGE_HISTOGRAM -> histogram(f);
      default -> throw new AssertionError(f.type());
    }
  }

  /**
   * Writes the header and the sample lines of a counter, gauge or histogram family of prom4j's own
   * through what the last scrape kept, and keeps what it writes if that fits in what is left of
   * this write's budget; false, having written nothing, if the family is of another kind, or if the
   * last scrape found it too large for what is left (it is then formatted without being kept).
   *
   * <p>Measured on the benchmarks' workload (10,000 counter series in 100 families, 100
   * histograms), one text scrape to a discarding stream: 34,679 scrapes/s against 2,271 with the
   * kept lines off on a static registry (15.3x; a counter family nobody updated is written without
   * reading its series, see {@link RenderedFamily#current}), 9,952 against 1,463 when the next
   * tenth of the series changes before each scrape (6.8x); bytes allocated per scrape 624 against
   * 27,539 static, 107,931 with the tenth changing ({@code WriterTricksBenchmark -p labelCache=true
   * -p bufferPool=true -f 1 -wi 5 -i 8 -w 1 -r 1 -prof gc}, JDK 17, 2 cores). End to end, plain
   * text went from 0.40x to 0.93x the ceiling ({@code RunScrapes}, BENCHMARKS.md).
   */
  private boolean kept(MetricFamily f) throws IOException {
    MetricType type = f.type();
    boolean histogram = type == MetricType.HISTOGRAM;
    if (!keepLines
        || (type != MetricType.COUNTER && type != MetricType.GAUGE && !histogram)
        || !(f.points() instanceof RenderedPoints holder)) {
      return false;
    }
    List<? extends DataPoint> points = f.points();
    long generation = holder.generation(); // before any series is read
    Object slot = holder.rendered(keptSlot);
    if (RenderedFamily.Oversized.skips(slot, points, keptBudget)) {
      holder.moveOn(generation); // about to write values it did not keep
      return false; // formatted on every scrape until it fits (or its series change)
    }
    boolean exemplars = type == MetricType.COUNTER && dialect.exemplars();
    int n = points.size();
    long arrays = RenderedFamily.perSeries(exemplars || histogram) * n; // beside the bytes
    RenderedFamily old =
        slot instanceof RenderedFamily r && r.renders(f, dialect, s.scheme) ? r : null;
    if (old != null ? old.retained() > keptBudget : arrays >= keptBudget) { // cannot fit
      holder.moveOn(generation); // about to write values it did not keep
      RenderedFamily.keep(
          holder, keptSlot, points, null, old != null ? old.retained() : arrays, keptBudget);
      return false;
    }
    if (old != null && old.current(generation)) { // no series changed: none is read
      w.writeKept(old.bytes, 0, old.bytes.length);
      keptBudget -= old.retained();
      return true;
    }
    // Find the first series that changed, reading each one once; unchanged: the kept bytes.
    int changed = 0;
    long b = 0;
    Object m = null;
    if (old != null) {
      for (; changed < n; changed++) {
        DataPoint p = points.get(changed);
        b = shownBits(p, histogram);
        m = shownMark(p, histogram, exemplars);
        if (!old.shows(changed, b, m)) {
          break;
        }
      }
      if (changed == n) {
        w.writeKept(old.bytes, 0, old.bytes.length);
        keptBudget -= old.retained();
        RenderedFamily now = old.at(generation);
        if (now != old) {
          holder.rendered(keptSlot, now);
        }
        return true;
      }
    }
    rewrite(f, holder, old, changed, b, m, generation, exemplars, arrays);
    return true;
  }

  /**
   * Writes family {@code f} again from series {@code changed} on, the first whose value bits {@code
   * b} and mark {@code m} (read by the search in {@link #kept}) are not those of {@code old} (null:
   * none kept, {@code changed} is 0 and nothing was read), copying what {@code old} holds of the
   * series before it and of any later one that did not change, and keeps the result at the count
   * that {@link RenderedPoints#moveOn}, called first with {@code generation} (the count read before
   * the series), returns. {@code exemplars} and {@code arrays} are as {@link #kept} found them.
   * Apart from {@link #kept}, so that the path of a family that did not change stays small: in a
   * JFR recording of {@code ServeWorkload --churn 0.1}, C2 compiled {@code kept} to 37 KB of
   * machine code, where the two together took 78-91 KB (the JIT still compiles this one again as
   * its profile changes).
   */
  private void rewrite(
      MetricFamily f,
      RenderedPoints holder,
      RenderedFamily old,
      int changed,
      long b,
      Object m,
      long generation,
      boolean exemplars,
      long arrays)
      throws IOException {
    MetricType type = f.type();
    boolean histogram = type == MetricType.HISTOGRAM;
    List<? extends DataPoint> points = f.points();
    int n = points.size();
    // series `changed` is about to be written with a value it did not keep
    generation = holder.moveOn(generation);
    int[] starts = new int[n + 1];
    long[] bits = new long[n];
    Object[] marks = exemplars || histogram ? new Object[n] : null;
    boolean anyMark = false;
    // Unchanged lengths need no copy at the end; the bytes may take what the arrays leave.
    long limit = keptBudget - arrays;
    w.startCapture(old == null ? 64L * n : old.bytes.length, limit);
    String first = firstSample(f);
    if (old == null) {
      header(f, headerName(f, first), types[type.ordinal()], true);
    } else {
      w.writeKept(old.bytes, 0, old.start(changed));
      for (int i = 0; i < changed; i++) {
        starts[i] = old.start(i);
        bits[i] = old.bits(i);
        if (marks != null) {
          marks[i] = old.mark(i);
          anyMark |= marks[i] != null;
        }
      }
    }
    HistogramLines lines = histogram ? histogramLines(f) : null;
    SeriesWriter.SampleName sample = histogram ? null : s.sampleName(first);
    SeriesWriter.SampleName created = type == MetricType.COUNTER ? inlineCreated(f) : null;
    // each series' lines are one: `prefix value\n`, or with an exemplar
    boolean oneLine = created == null && !histogram;
    for (int i = changed; i < n; i++) {
      DataPoint p = points.get(i);
      if (old == null || i > changed) { // series `changed` was read by the search
        b = shownBits(p, histogram);
        m = shownMark(p, histogram, exemplars);
      }
      starts[i] = w.capturedLength();
      if (old != null && old.shows(i, b, m)) {
        w.write(old.bytes, old.start(i), old.start(i + 1) - old.start(i)); // among new lines
      } else if (old != null && oneLine && m == null && old.mark(i) == null) {
        s.sample( // the kept prefix
            old.bytes, old.start(i), old.valueStart(i) - old.start(i), Double.longBitsToDouble(b));
      } else if (histogram) {
        histogramSeries(lines, (HistogramDataPoint) p);
      } else if (type == MetricType.COUNTER) {
        counterSeries(
            sample, created, (CounterDataPoint) p, Double.longBitsToDouble(b), (Exemplar) m);
      } else {
        s.sample(sample, p.labels(), Double.longBitsToDouble(b));
      }
      bits[i] = b;
      if (marks != null) {
        marks[i] = m;
        anyMark |= m != null;
      }
    }
    starts[n] = w.capturedLength();
    byte[] bytes = w.endCapture(); // null: more than the budget left
    RenderedFamily keep =
        bytes == null
            ? null
            : new RenderedFamily(
                f, dialect, s.scheme, bytes, starts, bits, anyMark ? marks : null, generation);
    long retained = keep == null ? arrays + starts[n] : keep.retained();
    keptBudget = RenderedFamily.keep(holder, keptSlot, points, keep, retained, keptBudget);
  }

  /** What a kept rendering compares of a series: a counter's or gauge's value bits, else 0. */
  private static long shownBits(DataPoint p, boolean histogram) {
    return histogram ? 0 : Double.doubleToRawLongBits(RenderedFamily.value(p));
  }

  /**
   * The mark a kept rendering compares by identity: a histogram's snapshot (handed back while it
   * has not changed), a counter's exemplar if the dialect shows exemplars, else null.
   */
  private static Object shownMark(DataPoint p, boolean histogram, boolean exemplars) {
    return histogram ? p : exemplars ? ((CounterDataPoint) p).exemplar() : null;
  }

  /**
   * Writes HELP (unless the help is empty), TYPE and, for the family's own header in a dialect with
   * units, UNIT (unless the unit is empty).
   */
  private void header(MetricFamily f, String headerName, byte[] type, boolean own)
      throws IOException {
    byte[] token = s.nameToken(headerName);
    if (!f.help().isEmpty()) {
      s.help(token, f.help(), dialect.quotedHelp());
    }
    s.type(token, type);
    if (own && dialect.units() && !f.unit().isEmpty()) {
      s.unit(token, s.nameToken(f.unit()));
    }
  }

  /** The sample name {@code <name>_created} if the dialect writes it inline, else null. */
  private SeriesWriter.SampleName inlineCreated(MetricFamily f) {
    return dialect.created() == TextDialect.Created.INLINE
        ? s.sampleName(f.name() + "_created")
        : null;
  }

  /** Writes {@code created} for {@code p} if the name is set and the time is known. */
  private void created(SeriesWriter.SampleName created, DataPoint p, double t) throws IOException {
    if (created != null && !Double.isNaN(t)) {
      s.sample(created, p.labels(), t);
    }
  }

  private void counter(MetricFamily f, SeriesWriter.SampleName total) throws IOException {
    SeriesWriter.SampleName created = inlineCreated(f);
    boolean exemplars = dialect.exemplars();
    for (DataPoint point : f.points()) {
      CounterDataPoint p = (CounterDataPoint) point;
      counterSeries(total, created, p, p.value(), exemplars ? p.exemplar() : null);
    }
  }

  /**
   * One counter series' lines: {@code _total} with {@code e} if not null, then its created line.
   */
  private void counterSeries(
      SeriesWriter.SampleName total,
      SeriesWriter.SampleName created,
      CounterDataPoint p,
      double value,
      Exemplar e)
      throws IOException {
    if (e == null) {
      s.sample(total, p.labels(), value);
    } else {
      s.begin(total, p.labels());
      s.valueNoNewline(value);
      s.exemplarAndNewline(e);
    }
    created(created, p, p.created());
  }

  private void stateSet(MetricFamily f, SeriesWriter.SampleName sample) throws IOException {
    byte[] stateLabel = s.labelPrefix(f.name());
    for (DataPoint point : f.points()) {
      StateSetDataPoint p = (StateSetDataPoint) point;
      for (int j = 0; j < p.stateCount(); j++) {
        s.begin(sample, p.labels(), stateLabel, p.state(j));
        s.value(p.enabled(j) ? 1.0 : 0.0);
      }
    }
  }

  private void summary(MetricFamily f, SeriesWriter.SampleName quantile) throws IOException {
    SeriesWriter.SampleName count = s.sampleName(f.name() + "_count");
    SeriesWriter.SampleName sum = s.sampleName(f.name() + "_sum");
    SeriesWriter.SampleName created = inlineCreated(f);
    s.special(SeriesWriter.QUANTILE);
    for (DataPoint point : f.points()) {
      SummaryDataPoint p = (SummaryDataPoint) point;
      List<Quantile> quantiles = p.quantiles();
      for (int j = 0; j < quantiles.size(); j++) {
        Quantile q = quantiles.get(j);
        s.begin(quantile, p.labels(), j, q.quantile());
        s.value(q.value());
      }
      s.sample(count, p.labels(), p.count());
      s.sample(sum, p.labels(), p.sum());
      created(created, p, p.created());
    }
  }

  /**
   * Buckets, then {@code _count} and {@code _sum} ({@code _sum} omitted when the first bound is
   * negative) and {@code _created}; for a gauge histogram {@code _gcount} and {@code _gsum}
   * (always) if the dialect writes them inline, else nothing after the buckets.
   */
  private void histogram(MetricFamily f) throws IOException {
    HistogramLines lines = histogramLines(f);
    for (DataPoint point : f.points()) {
      histogramSeries(lines, (HistogramDataPoint) point);
    }
  }

  /**
   * The sample names of a histogram family's lines; {@code count} and {@code sum} null where the
   * dialect writes them as families of their own, {@code created} null unless written inline.
   */
  private record HistogramLines(
      boolean gauge,
      SeriesWriter.SampleName bucket,
      SeriesWriter.SampleName count,
      SeriesWriter.SampleName sum,
      SeriesWriter.SampleName created) {}

  /** The names of {@code f}'s histogram lines; the {@code le} label is set up for them. */
  private HistogramLines histogramLines(MetricFamily f) {
    boolean gauge = f.type() == MetricType.GAUGE_HISTOGRAM;
    boolean totals = !gauge || dialect.inlineGaugeHistogramTotals();
    s.special(SeriesWriter.LE);
    return new HistogramLines(
        gauge,
        s.sampleName(f.name() + "_bucket"),
        totals ? s.sampleName(f.name() + (gauge ? "_gcount" : "_count")) : null,
        totals ? s.sampleName(f.name() + (gauge ? "_gsum" : "_sum")) : null,
        gauge ? null : inlineCreated(f));
  }

  /** One histogram series' lines. */
  private void histogramSeries(HistogramLines lines, HistogramDataPoint p) throws IOException {
    int buckets = p.bucketCount();
    for (int j = 0; j < buckets; j++) {
      s.begin(lines.bucket, p.labels(), j, p.upperBound(j));
      if (dialect.exemplars()) {
        s.valueNoNewline(p.cumulativeCount(j));
        s.exemplarAndNewline(p.exemplar(j));
      } else {
        s.value(p.cumulativeCount(j));
      }
    }
    if (lines.count != null) {
      s.sample(lines.count, p.labels(), p.count());
      if (lines.gauge || buckets == 0 || p.upperBound(0) >= 0) { // native-only: _count, _sum
        s.sample(lines.sum, p.labels(), p.sum());
      }
    }
    created(lines.created, p, p.created());
  }

  /** The {@code <name>_created} gauge family, if any series knows its created time. */
  private void createdFamily(MetricFamily f) throws IOException {
    SeriesWriter.SampleName created = null;
    for (DataPoint p : f.points()) {
      double t =
          p instanceof CounterDataPoint c
              ? c.created()
              : p instanceof SummaryDataPoint m ? m.created() : ((HistogramDataPoint) p).created();
      if (Double.isNaN(t)) {
        continue;
      }
      if (created == null) {
        created = gaugeFamily(f, "_created");
      }
      s.sample(created, p.labels(), t);
    }
  }

  /** A gauge histogram's {@code _gcount} and {@code _gsum} gauge families. */
  private void gaugeHistogramTotalFamilies(MetricFamily f) throws IOException {
    List<? extends DataPoint> points = f.points();
    if (points.isEmpty()) {
      return;
    }
    SeriesWriter.SampleName gcount = gaugeFamily(f, "_gcount");
    for (DataPoint p : points) {
      s.sample(gcount, p.labels(), ((HistogramDataPoint) p).count());
    }
    SeriesWriter.SampleName gsum = gaugeFamily(f, "_gsum");
    for (DataPoint p : points) {
      s.sample(gsum, p.labels(), ((HistogramDataPoint) p).sum());
    }
  }

  /** Writes the header of the gauge family {@code <name><suffix>}; returns its sample name. */
  private SeriesWriter.SampleName gaugeFamily(MetricFamily f, String suffix) throws IOException {
    String name = f.name() + suffix;
    header(f, name, gauge, false);
    return s.sampleName(name);
  }

  private static byte[][] typeNames(TextDialect d) {
    MetricType[] all = MetricType.values();
    byte[][] names = new byte[all.length][];
    for (MetricType t : all) {
      names[t.ordinal()] = SeriesWriter.ascii(d.typeName(t));
    }
    return names;
  }
}
