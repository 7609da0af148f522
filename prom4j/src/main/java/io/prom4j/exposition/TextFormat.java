package io.prom4j.exposition;

import io.prom4j.CollectorRegistry;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The Prometheus text format: version 0.0.4, and version 1.0.0 with a name escaping scheme.
 *
 * <pre>{@code
 * String body = TextFormat.generateLatest(registry);            // text 0.0.4
 * TextFormat utf8 = TextFormat.builder().version("1.0.0")
 *     .escaping(EscapingScheme.ALLOW_UTF8).build();
 * utf8.write(out, registry);
 * }</pre>
 *
 * <p>Rendering, as the Python client does unless noted: a counter family {@code c} is written as
 * {@code # TYPE c_total counter} with samples {@code c_total}; an info family {@code i} as {@code
 * i_info} of type {@code gauge}; a state set as a {@code gauge} with one sample per state ({@code
 * e{e="state"} 1.0}); a gauge histogram as a {@code histogram} whose {@code _gcount} and {@code
 * _gsum} follow as separate {@code gauge} families; an unknown family as {@code untyped}.
 * Histograms write {@code _bucket}, {@code _count}, {@code _sum} ({@code _sum} omitted when the
 * first bound is negative); summaries their quantiles, {@code _count}, {@code _sum}. Values are
 * Go-style shortest numbers with {@code .0} for whole values ({@code 17.0}, {@code 1e+06}); counts
 * are integers. The {@code # HELP} line is omitted when the help is empty (as Go does; Python
 * writes an empty one). No exemplars, no {@code # UNIT}, no {@code # EOF}; an empty registry gives
 * an empty body.
 *
 * <p>{@code _created} series are off by default, as in client_java and client_golang: the text
 * format has no created type, and Prometheus would ingest them as extra gauges. With {@link
 * Builder#createdSeries(boolean) createdSeries(true)} they are rendered as Python does, as a {@code
 * <name>_created} gauge family after the family.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TextFormat implements ExpositionFormat {

  /** Content-Type of text 0.0.4, the default answer of every scrape. */
  public static final String CONTENT_TYPE_004 = "text/plain; version=0.0.4; charset=utf-8";

  /** Content-Type of text 1.0.0, without the escaping parameter. */
  public static final String CONTENT_TYPE_100 = "text/plain; version=1.0.0; charset=utf-8";

  private static final TextFormat V004 = new Builder().build();

  private static final byte[] COUNTER = SeriesWriter.ascii("counter");
  private static final byte[] GAUGE = SeriesWriter.ascii("gauge");
  private static final byte[] SUMMARY = SeriesWriter.ascii("summary");
  private static final byte[] HISTOGRAM = SeriesWriter.ascii("histogram");
  private static final byte[] UNTYPED = SeriesWriter.ascii("untyped");

  private final boolean v100;
  private final EscapingScheme escaping;
  private final boolean createdSeries;
  private final String contentType;

  private TextFormat(Builder b) {
    this.v100 = b.v100;
    this.escaping = b.escaping;
    this.createdSeries = b.createdSeries;
    this.contentType =
        v100 ? CONTENT_TYPE_100 + "; escaping=" + escaping.headerValue() : CONTENT_TYPE_004;
  }

  /** Text 0.0.4 with underscore escaping and no {@code _created} series (a shared instance). */
  public static TextFormat v004() {
    return V004;
  }

  /** A builder; its defaults give {@link #v004()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The registry's metrics in text 0.0.4.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public static String generateLatest(CollectorRegistry registry) {
    return V004.render(registry);
  }

  /**
   * Writes the registry's metrics in text 0.0.4 to {@code path} for node_exporter's textfile
   * collector (the Python client's {@code write_to_textfile}). The text goes to a temporary file in
   * the same directory, which is flushed to disk and then renamed over {@code path} in one atomic
   * step, so the collector sees the old file or the new one, never half of one. The file gets mode
   * 0644 on POSIX file systems (readable by a node_exporter running as another user). node_exporter
   * reads only files named {@code *.prom}.
   *
   * <pre>{@code
   * TextFormat.writeToTextfile(Path.of("/var/lib/node_exporter/textfile/backup.prom"), registry);
   * }</pre>
   *
   * <p>The registry is collected before any file is created, so a failing collector leaves the
   * directory as it was. On any failure the temporary file is removed.
   *
   * @throws java.nio.file.NoSuchFileException if the directory of {@code path} does not exist
   * @throws IOException if {@code path} is a directory, or the file cannot be written or renamed;
   *     the message names the path
   * @throws NullPointerException if an argument is null
   */
  public static void writeToTextfile(Path path, CollectorRegistry registry) throws IOException {
    Objects.requireNonNull(path, "path");
    List<MetricFamily> families = Objects.requireNonNull(registry, "registry").collect();
    Textfile.write(path, V004, families);
  }

  /** The format version: {@code "0.0.4"} or {@code "1.0.0"}. */
  public String version() {
    return v100 ? "1.0.0" : "0.0.4";
  }

  /** The name escaping scheme. */
  public EscapingScheme escaping() {
    return escaping;
  }

  /** True if {@code _created} series are written. */
  public boolean createdSeries() {
    return createdSeries;
  }

  /**
   * {@inheritDoc} For text 0.0.4 {@value #CONTENT_TYPE_004}; for 1.0.0 {@code text/plain;
   * version=1.0.0; charset=utf-8; escaping=<scheme>}.
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
        writeFamily(s, f);
      }
      w.finish();
    } finally {
      w.abandon();
    }
  }

  private void writeFamily(SeriesWriter s, MetricFamily f) throws IOException {
    String name = f.name();
    List<? extends DataPoint> points = f.points();
    switch (f.type()) {
      case COUNTER -> {
        SeriesWriter.SampleName total = header(s, f, name + "_total", COUNTER);
        for (DataPoint d : points) {
          CounterDataPoint p = (CounterDataPoint) d;
          s.sample(total, p.labels(), p.value());
        }
      }
      case GAUGE -> {
        SeriesWriter.SampleName sample = header(s, f, name, GAUGE);
        for (DataPoint d : points) {
          GaugeDataPoint p = (GaugeDataPoint) d;
          s.sample(sample, p.labels(), p.value());
        }
      }
      case UNKNOWN -> {
        SeriesWriter.SampleName sample = header(s, f, name, UNTYPED);
        for (DataPoint d : points) {
          UnknownDataPoint p = (UnknownDataPoint) d;
          s.sample(sample, p.labels(), p.value());
        }
      }
      case INFO -> {
        SeriesWriter.SampleName sample = header(s, f, name + "_info", GAUGE);
        for (DataPoint p : points) {
          s.sample(sample, p.labels(), 1.0);
        }
      }
      case STATESET -> {
        SeriesWriter.SampleName sample = header(s, f, name, GAUGE);
        byte[] stateLabel = s.labelPrefix(name);
        for (DataPoint d : points) {
          StateSetDataPoint p = (StateSetDataPoint) d;
          for (int j = 0; j < p.stateCount(); j++) {
            s.begin(sample, p.labels(), stateLabel, p.state(j));
            s.value(p.enabled(j) ? 1.0 : 0.0);
          }
        }
      }
      case SUMMARY -> writeSummary(s, f, header(s, f, name, SUMMARY));
      case HISTOGRAM, GAUGE_HISTOGRAM -> {
        header(s, f, name, HISTOGRAM);
        writeHistogram(s, f);
      }
      default -> throw new AssertionError(f.type());
    }
    switch (f.type()) {
      case COUNTER, SUMMARY, HISTOGRAM -> {
        if (createdSeries) {
          writeCreated(s, f);
        }
      }
      case GAUGE_HISTOGRAM -> writeGaugeHistogramTotals(s, f);
      default -> {}
    }
  }

  /**
   * Writes HELP (unless the help is empty) and TYPE for {@code headerName}; returns the sample name
   * of the same name.
   */
  private static SeriesWriter.SampleName header(
      SeriesWriter s, MetricFamily f, String headerName, byte[] type) throws IOException {
    byte[] token = s.nameToken(headerName);
    if (!f.help().isEmpty()) {
      s.help(token, f.help(), false);
    }
    s.type(token, type);
    return s.sampleName(headerName);
  }

  private static void writeSummary(
      SeriesWriter s, MetricFamily f, SeriesWriter.SampleName quantileName) throws IOException {
    SeriesWriter.SampleName count = s.sampleName(f.name() + "_count");
    SeriesWriter.SampleName sum = s.sampleName(f.name() + "_sum");
    s.special(SeriesWriter.QUANTILE);
    List<? extends DataPoint> points = f.points();
    for (DataPoint d : points) {
      SummaryDataPoint p = (SummaryDataPoint) d;
      List<Quantile> quantiles = p.quantiles();
      for (int j = 0; j < quantiles.size(); j++) {
        Quantile q = quantiles.get(j);
        s.begin(quantileName, p.labels(), j, q.quantile());
        s.value(q.value());
      }
      s.sample(count, p.labels(), p.count());
      s.sample(sum, p.labels(), p.sum());
    }
  }

  private static void writeHistogram(SeriesWriter s, MetricFamily f) throws IOException {
    boolean gauge = f.type() == MetricType.GAUGE_HISTOGRAM;
    SeriesWriter.SampleName bucket = s.sampleName(f.name() + "_bucket");
    SeriesWriter.SampleName count = gauge ? null : s.sampleName(f.name() + "_count");
    SeriesWriter.SampleName sum = gauge ? null : s.sampleName(f.name() + "_sum");
    s.special(SeriesWriter.LE);
    List<? extends DataPoint> points = f.points();
    for (DataPoint d : points) {
      HistogramDataPoint p = (HistogramDataPoint) d;
      int buckets = p.bucketCount();
      for (int j = 0; j < buckets; j++) {
        s.begin(bucket, p.labels(), j, p.upperBound(j));
        s.value(p.cumulativeCount(j));
      }
      if (!gauge) {
        s.sample(count, p.labels(), p.count());
        if (p.upperBound(0) >= 0) {
          s.sample(sum, p.labels(), p.sum());
        }
      }
    }
  }

  /** The {@code <name>_created} gauge family, if any series knows its created time. */
  private static void writeCreated(SeriesWriter s, MetricFamily f) throws IOException {
    List<? extends DataPoint> points = f.points();
    SeriesWriter.SampleName created = null;
    for (DataPoint p : points) {
      double t =
          p instanceof CounterDataPoint c
              ? c.created()
              : p instanceof SummaryDataPoint m ? m.created() : ((HistogramDataPoint) p).created();
      if (Double.isNaN(t)) {
        continue;
      }
      if (created == null) {
        created = header(s, f, f.name() + "_created", GAUGE);
      }
      s.sample(created, p.labels(), t);
    }
  }

  /** A gauge histogram's {@code _gcount} and {@code _gsum} gauge families. */
  private static void writeGaugeHistogramTotals(SeriesWriter s, MetricFamily f) throws IOException {
    List<? extends DataPoint> points = f.points();
    if (points.isEmpty()) {
      return;
    }
    SeriesWriter.SampleName gcount = header(s, f, f.name() + "_gcount", GAUGE);
    for (DataPoint d : points) {
      HistogramDataPoint p = (HistogramDataPoint) d;
      s.sample(gcount, p.labels(), p.count());
    }
    SeriesWriter.SampleName gsum = header(s, f, f.name() + "_gsum", GAUGE);
    for (DataPoint d : points) {
      HistogramDataPoint p = (HistogramDataPoint) d;
      s.sample(gsum, p.labels(), p.sum());
    }
  }

  /**
   * Builds a {@link TextFormat}. Defaults: version 0.0.4, {@link EscapingScheme#UNDERSCORES}, no
   * {@code _created} series.
   */
  public static final class Builder {
    private boolean v100;
    private EscapingScheme escaping = EscapingScheme.UNDERSCORES;
    private boolean createdSeries;

    private Builder() {}

    /**
     * The format version, {@code "0.0.4"} (default) or {@code "1.0.0"}.
     *
     * @throws IllegalArgumentException for any other version
     */
    public Builder version(String version) {
      Objects.requireNonNull(version, "version");
      switch (version) {
        case "0.0.4" -> v100 = false;
        case "1.0.0" -> v100 = true;
        default -> throw new IllegalArgumentException("version must be 0.0.4 or 1.0.0: " + version);
      }
      return this;
    }

    /** The name escaping scheme; default {@link EscapingScheme#UNDERSCORES}. */
    public Builder escaping(EscapingScheme escaping) {
      this.escaping = Objects.requireNonNull(escaping, "escaping");
      return this;
    }

    /** Whether to write {@code _created} series as separate gauge families; default false. */
    public Builder createdSeries(boolean createdSeries) {
      this.createdSeries = createdSeries;
      return this;
    }

    /**
     * The format.
     *
     * @throws IllegalStateException if version 0.0.4 is combined with an escaping other than
     *     underscores (only 1.0.0 announces its escaping in the Content-Type)
     */
    public TextFormat build() {
      if (!v100 && escaping != EscapingScheme.UNDERSCORES) {
        throw new IllegalStateException(
            "escaping "
                + escaping.headerValue()
                + " needs version 1.0.0: text 0.0.4 always uses underscores");
      }
      return new TextFormat(this);
    }
  }
}
