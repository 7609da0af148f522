package io.prom4j.exposition;

import io.prom4j.CollectorRegistry;
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
 * The OpenMetrics 1.0.0 text format.
 *
 * <pre>{@code
 * String body = OpenMetricsFormat.generateLatest(registry);   // ends with "# EOF\n"
 * }</pre>
 *
 * <p>Per family: {@code # HELP} (omitted when the help is empty, as Go does), {@code # TYPE} with
 * the OpenMetrics type, {@code # UNIT} when the unit is not empty, then the samples, all under the
 * family name without suffix ({@code # TYPE cc counter}, samples {@code cc_total}). {@code
 * _created} samples are off by default, as in client_java and client_golang: Prometheus 3 stores
 * each as a series of its own unless created-timestamp ingestion is on, and the protobuf format
 * carries created times at no cost. With {@link Builder#createdSeries(boolean) createdSeries(true)}
 * they are written inline where the created time is known; exemplars ({@code # {trace_id="a"} 0.5
 * 123.456}) on counter {@code _total} and histogram {@code _bucket} samples only. HELP escapes
 * {@code \}, line feed and {@code "}. The body always ends with {@code # EOF\n}; an empty registry
 * gives exactly that line.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class OpenMetricsFormat implements ExpositionFormat {

  /** Content-Type of OpenMetrics 1.0.0, without the escaping parameter. */
  public static final String CONTENT_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final OpenMetricsFormat DEFAULT = new Builder().build();

  private static final byte[] EOF = SeriesWriter.ascii("# EOF\n");
  private static final byte[][] TYPES = new byte[MetricType.values().length][];

  static {
    for (MetricType t : MetricType.values()) {
      TYPES[t.ordinal()] = SeriesWriter.ascii(t.openMetricsName());
    }
  }

  private final EscapingScheme escaping;
  private final boolean createdSeries;
  private final String contentType;

  private OpenMetricsFormat(Builder b) {
    this.escaping = b.escaping == null ? EscapingScheme.UNDERSCORES : b.escaping;
    this.createdSeries = b.createdSeries;
    this.contentType =
        b.escaping == null ? CONTENT_TYPE : CONTENT_TYPE + "; escaping=" + b.escaping.headerValue();
  }

  /** OpenMetrics with underscore escaping and the plain Content-Type (a shared instance). */
  public static OpenMetricsFormat standard() {
    return DEFAULT;
  }

  /** A builder; its defaults give {@link #standard()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The registry's metrics in OpenMetrics 1.0.0.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public static String generateLatest(CollectorRegistry registry) {
    return DEFAULT.render(registry);
  }

  /** The name escaping scheme. */
  public EscapingScheme escaping() {
    return escaping;
  }

  /** True if {@code _created} samples are written. */
  public boolean createdSeries() {
    return createdSeries;
  }

  /**
   * {@inheritDoc} {@value #CONTENT_TYPE}, followed by {@code ; escaping=<scheme>} when the escaping
   * was set on the builder.
   */
  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public void write(OutputStream out, List<MetricFamily> families) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(families, "families");
    ByteWriter w = new ByteWriter(out);
    try {
      SeriesWriter s = new SeriesWriter(w, escaping);
      for (MetricFamily f : families) {
        writeFamily(s, f, createdSeries);
      }
      w.write(EOF);
      w.finish();
    } finally {
      w.abandon();
    }
  }

  private static void writeFamily(SeriesWriter s, MetricFamily f, boolean createdSeries)
      throws IOException {
    String name = f.name();
    byte[] token = s.nameToken(name);
    if (!f.help().isEmpty()) {
      s.help(token, f.help(), true);
    }
    s.type(token, TYPES[f.type().ordinal()]);
    if (!f.unit().isEmpty()) {
      s.unit(token, s.nameToken(f.unit()));
    }
    List<? extends DataPoint> points = f.points();
    switch (f.type()) {
      case COUNTER -> {
        SeriesWriter.SampleName total = s.sampleName(name + "_total");
        SeriesWriter.SampleName created = createdName(s, name, createdSeries);
        for (DataPoint d : points) {
          CounterDataPoint p = (CounterDataPoint) d;
          Exemplar e = p.exemplar();
          if (e == null) {
            s.sample(total, p.labels(), p.value());
          } else {
            s.begin(total, p.labels());
            s.valueNoNewline(p.value());
            s.exemplarAndNewline(e);
          }
          created(s, created, p, p.created());
        }
      }
      case GAUGE -> {
        SeriesWriter.SampleName sample = s.sampleName(name);
        for (DataPoint d : points) {
          GaugeDataPoint p = (GaugeDataPoint) d;
          s.sample(sample, p.labels(), p.value());
        }
      }
      case UNKNOWN -> {
        SeriesWriter.SampleName sample = s.sampleName(name);
        for (DataPoint d : points) {
          UnknownDataPoint p = (UnknownDataPoint) d;
          s.sample(sample, p.labels(), p.value());
        }
      }
      case INFO -> {
        SeriesWriter.SampleName sample = s.sampleName(name + "_info");
        for (DataPoint p : points) {
          s.sample(sample, p.labels(), 1.0);
        }
      }
      case STATESET -> {
        SeriesWriter.SampleName sample = s.sampleName(name);
        byte[] stateLabel = s.labelPrefix(name);
        for (DataPoint d : points) {
          StateSetDataPoint p = (StateSetDataPoint) d;
          for (int j = 0; j < p.stateCount(); j++) {
            s.begin(sample, p.labels(), stateLabel, p.state(j));
            s.value(p.enabled(j) ? 1.0 : 0.0);
          }
        }
      }
      case SUMMARY -> writeSummary(s, f, createdSeries);
      case HISTOGRAM, GAUGE_HISTOGRAM -> writeHistogram(s, f, createdSeries);
      default -> throw new AssertionError(f.type());
    }
  }

  /** The {@code _created} sample name, or null when they are off. */
  private static SeriesWriter.SampleName createdName(
      SeriesWriter s, String name, boolean createdSeries) {
    return createdSeries ? s.sampleName(name + "_created") : null;
  }

  private static void created(
      SeriesWriter s, SeriesWriter.SampleName created, DataPoint p, double t) throws IOException {
    if (created != null && !Double.isNaN(t)) {
      s.sample(created, p.labels(), t);
    }
  }

  private static void writeSummary(SeriesWriter s, MetricFamily f, boolean createdSeries)
      throws IOException {
    SeriesWriter.SampleName quantile = s.sampleName(f.name());
    SeriesWriter.SampleName count = s.sampleName(f.name() + "_count");
    SeriesWriter.SampleName sum = s.sampleName(f.name() + "_sum");
    SeriesWriter.SampleName created = createdName(s, f.name(), createdSeries);
    s.special(SeriesWriter.QUANTILE);
    for (DataPoint d : f.points()) {
      SummaryDataPoint p = (SummaryDataPoint) d;
      List<Quantile> quantiles = p.quantiles();
      for (int j = 0; j < quantiles.size(); j++) {
        Quantile q = quantiles.get(j);
        s.begin(quantile, p.labels(), j, q.quantile());
        s.value(q.value());
      }
      s.sample(count, p.labels(), p.count());
      s.sample(sum, p.labels(), p.sum());
      created(s, created, p, p.created());
    }
  }

  private static void writeHistogram(SeriesWriter s, MetricFamily f, boolean createdSeries)
      throws IOException {
    boolean gauge = f.type() == MetricType.GAUGE_HISTOGRAM;
    SeriesWriter.SampleName bucket = s.sampleName(f.name() + "_bucket");
    SeriesWriter.SampleName count = s.sampleName(f.name() + (gauge ? "_gcount" : "_count"));
    SeriesWriter.SampleName sum = s.sampleName(f.name() + (gauge ? "_gsum" : "_sum"));
    SeriesWriter.SampleName created = gauge ? null : createdName(s, f.name(), createdSeries);
    s.special(SeriesWriter.LE);
    for (DataPoint d : f.points()) {
      HistogramDataPoint p = (HistogramDataPoint) d;
      int buckets = p.bucketCount();
      for (int j = 0; j < buckets; j++) {
        s.begin(bucket, p.labels(), j, p.upperBound(j));
        s.valueNoNewline(p.cumulativeCount(j));
        s.exemplarAndNewline(p.exemplar(j));
      }
      s.sample(count, p.labels(), p.count());
      if (gauge || p.bucketCount() == 0 || p.upperBound(0) >= 0) {
        s.sample(sum, p.labels(), p.sum());
      }
      if (!gauge) {
        created(s, created, p, p.created());
      }
    }
  }

  /**
   * Builds an {@link OpenMetricsFormat}. Default: {@link EscapingScheme#UNDERSCORES}, the
   * Content-Type without an escaping parameter, no {@code _created} samples.
   */
  public static final class Builder {
    private EscapingScheme escaping;
    private boolean createdSeries;

    private Builder() {}

    /**
     * Whether to write {@code _created} samples (inline after each counter, summary and histogram
     * series whose created time is known); default false.
     */
    public Builder createdSeries(boolean createdSeries) {
      this.createdSeries = createdSeries;
      return this;
    }

    /**
     * The name escaping scheme. Setting it also announces it in the Content-Type ({@code ...;
     * charset=utf-8; escaping=<scheme>}), as after negotiation from a versioned {@code Accept}
     * entry; without it the escaping is underscores, unannounced.
     */
    public Builder escaping(EscapingScheme escaping) {
      this.escaping = Objects.requireNonNull(escaping, "escaping");
      return this;
    }

    /** The format. */
    public OpenMetricsFormat build() {
      return new OpenMetricsFormat(this);
    }
  }
}
