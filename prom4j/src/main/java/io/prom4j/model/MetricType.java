package io.prom4j.model;

/**
 * The type of a metric family, as OpenMetrics names them.
 *
 * <p>The Prometheus text format knows fewer types; its writer maps {@link #INFO} and {@link
 * #STATESET} to {@code gauge}, {@link #GAUGE_HISTOGRAM} to {@code histogram} and {@link #UNKNOWN}
 * to {@code untyped}.
 */
public enum MetricType {
  /** A monotonic total; samples {@code <name>_total} and {@code <name>_created}. */
  COUNTER,
  /** A value that goes up and down; one sample named after the family. */
  GAUGE,
  /** Count and sum of observations (optionally quantiles). */
  SUMMARY,
  /** Cumulative buckets of observations, with count and sum. */
  HISTOGRAM,
  /** A histogram whose buckets may go down: {@code _bucket}, {@code _gcount}, {@code _gsum}. */
  GAUGE_HISTOGRAM,
  /** Textual information as labels; one sample {@code <name>_info} with value 1. */
  INFO,
  /** A set of boolean states, one sample per state (Python's {@code Enum}). */
  STATESET,
  /** A value of unknown type ({@code untyped} in the Prometheus text format). */
  UNKNOWN;

  /** The type's name in OpenMetrics {@code # TYPE} lines, for example {@code gaugehistogram}. */
  public String openMetricsName() {
    return switch (this) {
      case GAUGE_HISTOGRAM -> "gaugehistogram";
      default -> name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
