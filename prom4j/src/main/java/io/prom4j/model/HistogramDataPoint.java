package io.prom4j.model;

/**
 * A histogram series: cumulative bucket counts, count and sum.
 *
 * <p>Buckets are in increasing upper-bound order and the last bound is {@code +Inf}; its cumulative
 * count equals {@link #count()}. A histogram may also carry a {@link #nativeHistogram() native
 * histogram} (written by the protobuf format only); a native-only histogram has no classic buckets
 * ({@link #bucketCount()} is 0) and the text formats show its {@code _count} and {@code _sum}. In a
 * {@link MetricType#GAUGE_HISTOGRAM} family, {@link #count()} and {@link #sum()} are rendered as
 * {@code _gcount} and {@code _gsum}. Implementations return values that are consistent with each
 * other: a point is a snapshot.
 */
public interface HistogramDataPoint extends DataPoint {
  /** The number of buckets, including {@code +Inf}; 0 for a native-only histogram. */
  int bucketCount();

  /** The upper bound (inclusive) of bucket {@code i}. */
  double upperBound(int i);

  /** The number of observations less than or equal to {@link #upperBound(int)}. */
  long cumulativeCount(int i);

  /**
   * The total number of observations: the {@code +Inf} bucket's cumulative count, or the native
   * histogram's count when there are no classic buckets.
   */
  default long count() {
    int n = bucketCount();
    if (n == 0) {
      NativeHistogram h = nativeHistogram();
      return h == null ? 0 : h.count();
    }
    return cumulativeCount(n - 1);
  }

  /** The sum of observations. */
  double sum();

  /** When the histogram was created or reset, in seconds since the epoch; NaN if unknown. */
  default double created() {
    return Double.NaN;
  }

  /**
   * The native histogram of this series, or null if it has classic buckets only. Its count equals
   * {@link #count()}.
   */
  default NativeHistogram nativeHistogram() {
    return null;
  }

  /**
   * An exemplar for bucket {@code i}, or null. Its value lies in the bucket: above the previous
   * bound, at most {@link #upperBound(int)}.
   */
  default Exemplar exemplar(int i) {
    return null;
  }

  /**
   * The number of places for the native histogram's exemplars (protobuf {@code
   * Histogram.exemplars}); each may be null. By default the classic buckets' exemplars serve, so
   * this is {@link #bucketCount()} when there is a native histogram and 0 otherwise.
   */
  default int nativeExemplarCount() {
    return nativeHistogram() == null ? 0 : bucketCount();
  }

  /** The native histogram's exemplar {@code i} or null; by default {@link #exemplar(int)}. */
  default Exemplar nativeExemplar(int i) {
    return exemplar(i);
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

  /**
   * An immutable histogram point with a native histogram (arrays are copied). The classic arrays
   * may be empty (a native-only histogram); otherwise the last bound is {@code +Inf} and its count
   * equals the native histogram's.
   *
   * @throws IllegalArgumentException as {@link #of(Labels, double[], long[], double, double)}, or
   *     if the classic and native counts differ
   */
  static HistogramDataPoint of(
      Labels labels,
      double[] upperBounds,
      long[] cumulativeCounts,
      double sum,
      double created,
      NativeHistogram nativeHistogram) {
    return Points.Histogram.create(
        labels, upperBounds, cumulativeCounts, sum, created, nativeHistogram);
  }
}
