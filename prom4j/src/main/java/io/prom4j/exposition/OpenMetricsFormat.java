package io.prom4j.exposition;

import io.prom4j.CollectorRegistry;
import io.prom4j.model.MetricFamily;
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
 * they are written inline where the created time is known. Exemplars ({@code # {trace_id="a"} 0.5
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

  private final EscapingScheme escaping;
  private final boolean createdSeries;
  private final String contentType;

  private OpenMetricsFormat(Builder b) {
    this.createdSeries = b.createdSeries;
    this.escaping = b.escaping == null ? EscapingScheme.UNDERSCORES : b.escaping;
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
    FamilyWriter.write(
        out,
        families,
        createdSeries ? TextDialect.OPENMETRICS_CREATED : TextDialect.OPENMETRICS,
        escaping);
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
     * The name escaping scheme. Setting it also announces it in the Content-Type ({@code ...;
     * charset=utf-8; escaping=<scheme>}), as after negotiation from a versioned {@code Accept}
     * entry; without it the escaping is underscores, unannounced.
     */
    public Builder escaping(EscapingScheme escaping) {
      this.escaping = Objects.requireNonNull(escaping, "escaping");
      return this;
    }

    /**
     * Whether to write {@code _created} samples (inline after each counter, summary and histogram
     * series whose created time is known); default false.
     */
    public Builder createdSeries(boolean createdSeries) {
      this.createdSeries = createdSeries;
      return this;
    }

    /** The format. */
    public OpenMetricsFormat build() {
      return new OpenMetricsFormat(this);
    }
  }
}
