package io.prom4j.exposition;

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
 */
final class FamilyWriter {

  private static final byte[] EOF = SeriesWriter.ascii("# EOF\n");

  /** The TYPE keywords per {@link MetricType} ordinal: [0] Prometheus text, [1] OpenMetrics. */
  private static final byte[][][] TYPES = {
    typeNames(TextDialect.TEXT), typeNames(TextDialect.OPENMETRICS)
  };

  private final SeriesWriter s;
  private final TextDialect dialect;
  private final byte[][] types;
  private final byte[] gauge;

  private FamilyWriter(SeriesWriter s, TextDialect d) {
    this.s = s;
    this.dialect = d;
    this.types = TYPES[d.openMetricsTypes() ? 1 : 0];
    this.gauge = types[MetricType.GAUGE.ordinal()];
  }

  /**
   * Writes {@code families} to {@code out} in {@code dialect}, with names escaped by {@code e}.
   *
   * @throws NullPointerException if {@code out} or {@code families} is null
   */
  static void write(
      OutputStream out, List<MetricFamily> families, TextDialect dialect, EscapingScheme e)
      throws IOException {
    write(out, families, dialect, e, true, true);
  }

  /**
   * {@link #write(OutputStream, List, TextDialect, EscapingScheme)} with the label cache and the
   * buffer pool each on or off: the A/B switches of {@code WriterTricksBenchmark} (in
   * prom4j-benchmarks). Production code always passes true.
   */
  static void write(
      OutputStream out,
      List<MetricFamily> families,
      TextDialect dialect,
      EscapingScheme e,
      boolean cacheLabels,
      boolean pooledBuffer)
      throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(families, "families");
    ByteWriter w = new ByteWriter(out, pooledBuffer);
    try {
      FamilyWriter fw = new FamilyWriter(new SeriesWriter(w, e, cacheLabels), dialect);
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
    String name = f.name();
    MetricType type = f.type();
    String first = // the name of the family's first sample, where it has one of its own
        switch (type) {
          case COUNTER -> name + "_total";
          case INFO -> name + "_info";
          default -> name;
        };
    header(f, dialect.suffixedHeaders() ? first : name, types[type.ordinal()], true);
    switch (type) {
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
      default -> throw new AssertionError(type);
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
      Exemplar e = exemplars ? p.exemplar() : null;
      if (e == null) {
        s.sample(total, p.labels(), p.value());
      } else {
        s.begin(total, p.labels());
        s.valueNoNewline(p.value());
        s.exemplarAndNewline(e);
      }
      created(created, p, p.created());
    }
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
    boolean gauge = f.type() == MetricType.GAUGE_HISTOGRAM;
    boolean totals = !gauge || dialect.inlineGaugeHistogramTotals();
    SeriesWriter.SampleName bucket = s.sampleName(f.name() + "_bucket");
    SeriesWriter.SampleName count =
        totals ? s.sampleName(f.name() + (gauge ? "_gcount" : "_count")) : null;
    SeriesWriter.SampleName sum =
        totals ? s.sampleName(f.name() + (gauge ? "_gsum" : "_sum")) : null;
    SeriesWriter.SampleName created = gauge ? null : inlineCreated(f);
    boolean exemplars = dialect.exemplars();
    s.special(SeriesWriter.LE);
    for (DataPoint point : f.points()) {
      HistogramDataPoint p = (HistogramDataPoint) point;
      int buckets = p.bucketCount();
      for (int j = 0; j < buckets; j++) {
        s.begin(bucket, p.labels(), j, p.upperBound(j));
        if (exemplars) {
          s.valueNoNewline(p.cumulativeCount(j));
          s.exemplarAndNewline(p.exemplar(j));
        } else {
          s.value(p.cumulativeCount(j));
        }
      }
      if (totals) {
        s.sample(count, p.labels(), p.count());
        if (gauge || p.bucketCount() == 0 || p.upperBound(0) >= 0) { // native-only: _count, _sum
          s.sample(sum, p.labels(), p.sum());
        }
      }
      created(created, p, p.created());
    }
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
