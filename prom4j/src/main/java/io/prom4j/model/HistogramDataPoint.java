package io.prom4j.model;

/**
 * A histogram series: cumulative bucket counts, count and sum.
 *
 * <p>Buckets are in increasing upper-bound order and the last bound is {@code +Inf}; its cumulative
 * count equals {@link #count()}. In a {@link MetricType#GAUGE_HISTOGRAM} family, {@link #count()}
 * and {@link #sum()} are rendered as {@code _gcount} and {@code _gsum}. Implementations return
 * values that are consistent with each other: a point is a snapshot.
 */
public interface HistogramDataPoint extends DataPoint {
  /** The number of buckets, including {@code +Inf}. */
  int bucketCount();

  /** The upper bound (inclusive) of bucket {@code i}. */
  double upperBound(int i);

  /** The number of observations less than or equal to {@link #upperBound(int)}. */
  long cumulativeCount(int i);

  /** The total number of observations (the {@code +Inf} bucket's cumulative count). */
  default long count() {
    return cumulativeCount(bucketCount() - 1);
  }

  /** The sum of observations. */
  double sum();

  /** When the histogram was created or reset, in seconds since the epoch; NaN if unknown. */
  default double created() {
    return Double.NaN;
  }

  /** An exemplar for bucket {@code i}, or null. */
  default Exemplar exemplar(int i) {
    return null;
  }

  /**
   * An immutable histogram point from upper bounds and cumulative counts (arrays are copied).
   *
   * @throws IllegalArgumentException if bounds are not increasing, the last is not +Inf, the arrays
   *     differ in length, or counts decrease
   */
  static HistogramDataPoint of(
      Labels labels, double[] upperBounds, long[] cumulativeCounts, double sum, double created) {
    return Points.Histogram.create(labels, upperBounds, cumulativeCounts, sum, created);
  }
}
