package io.prom4j.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * The native (exponential) part of a histogram series: schema, zero bucket and the populated
 * buckets of each side as an index-to-count view, in increasing index order.
 *
 * <p>Under schema {@code s} (-4..8) positive bucket {@code i} holds the observations in {@code
 * (2^((i-1)/2^s), 2^(i/2^s)]}, negative bucket {@code i} their mirror image, and the zero bucket
 * those in {@code [-zeroThreshold, zeroThreshold]}. Counts are absolute (not deltas) and not
 * cumulative. The protobuf format turns them into spans and deltas.
 *
 * <pre>{@code
 * NativeHistogram n = point.nativeHistogram();
 * for (int i = 0; i < n.positiveBucketCount(); i++) {
 *   int index = n.positiveIndex(i);
 *   long count = n.positiveCount(i);
 * }
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class NativeHistogram {

  /** The lowest schema (bucket growth factor 65536). */
  public static final int MIN_SCHEMA = -4;

  /** The highest schema (bucket growth factor 2^(1/256)). */
  public static final int MAX_SCHEMA = 8;

  private final int schema;
  private final double zeroThreshold;
  private final long zeroCount;
  private final int[] positiveIndexes;
  private final long[] positiveCounts;
  private final int[] negativeIndexes;
  private final long[] negativeCounts;

  private NativeHistogram(
      int schema,
      double zeroThreshold,
      long zeroCount,
      int[] positiveIndexes,
      long[] positiveCounts,
      int[] negativeIndexes,
      long[] negativeCounts) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.zeroCount = zeroCount;
    this.positiveIndexes = positiveIndexes;
    this.positiveCounts = positiveCounts;
    this.negativeIndexes = negativeIndexes;
    this.negativeCounts = negativeCounts;
  }

  /**
   * A native histogram (arrays are copied).
   *
   * @param schema -4..8
   * @param zeroThreshold the zero bucket's half width, 0 or more
   * @param zeroCount observations in the zero bucket
   * @param positiveIndexes strictly increasing bucket indexes of the positive side
   * @param positiveCounts their counts, 0 or more
   * @param negativeIndexes strictly increasing bucket indexes of the negative side
   * @param negativeCounts their counts, 0 or more
   * @throws IllegalArgumentException if the schema is out of range, the threshold negative or NaN,
   *     a count negative, indexes not increasing or an index array and its count array differ in
   *     length
   */
  public static NativeHistogram of(
      int schema,
      double zeroThreshold,
      long zeroCount,
      int[] positiveIndexes,
      long[] positiveCounts,
      int[] negativeIndexes,
      long[] negativeCounts) {
    if (schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
      throw new IllegalArgumentException(
          "native histogram schema must be in " + MIN_SCHEMA + ".." + MAX_SCHEMA + ": " + schema);
    }
    if (!(zeroThreshold >= 0)) {
      throw new IllegalArgumentException(
          "native histogram zero threshold must be 0 or more: " + zeroThreshold);
    }
    if (zeroCount < 0) {
      throw new IllegalArgumentException(
          "native histogram zero count must be 0 or more: " + zeroCount);
    }
    check("positive", positiveIndexes, positiveCounts);
    check("negative", negativeIndexes, negativeCounts);
    return new NativeHistogram(
        schema,
        zeroThreshold,
        zeroCount,
        positiveIndexes.clone(),
        positiveCounts.clone(),
        negativeIndexes.clone(),
        negativeCounts.clone());
  }

  private static void check(String side, int[] indexes, long[] counts) {
    Objects.requireNonNull(indexes, side + " indexes");
    Objects.requireNonNull(counts, side + " counts");
    if (indexes.length != counts.length) {
      throw new IllegalArgumentException(
          side
              + " bucket indexes and counts differ in count: "
              + indexes.length
              + " vs "
              + counts.length);
    }
    for (int i = 0; i < indexes.length; i++) {
      if (i > 0 && indexes[i] <= indexes[i - 1]) {
        throw new IllegalArgumentException(
            side + " bucket indexes must increase: " + Arrays.toString(indexes));
      }
      if (counts[i] < 0) {
        throw new IllegalArgumentException(
            side + " bucket counts must be 0 or more: " + Arrays.toString(counts));
      }
    }
  }

  /** The schema, -4..8: bucket bounds grow by the factor {@code 2^(2^-schema)}. */
  public int schema() {
    return schema;
  }

  /** The zero bucket's half width: observations in [-threshold, threshold] count there. */
  public double zeroThreshold() {
    return zeroThreshold;
  }

  /** The number of observations in the zero bucket. */
  public long zeroCount() {
    return zeroCount;
  }

  /** The number of populated positive buckets. */
  public int positiveBucketCount() {
    return positiveIndexes.length;
  }

  /** The index of the {@code i}-th populated positive bucket (increasing with {@code i}). */
  public int positiveIndex(int i) {
    return positiveIndexes[i];
  }

  /** The count of the {@code i}-th populated positive bucket. */
  public long positiveCount(int i) {
    return positiveCounts[i];
  }

  /** The number of populated negative buckets. */
  public int negativeBucketCount() {
    return negativeIndexes.length;
  }

  /** The index of the {@code i}-th populated negative bucket (increasing with {@code i}). */
  public int negativeIndex(int i) {
    return negativeIndexes[i];
  }

  /** The count of the {@code i}-th populated negative bucket. */
  public long negativeCount(int i) {
    return negativeCounts[i];
  }

  /** The number of observations: the zero bucket's plus every bucket's count. */
  public long count() {
    long n = zeroCount;
    for (long c : positiveCounts) {
      n += c;
    }
    for (long c : negativeCounts) {
      n += c;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NativeHistogram h
        && schema == h.schema
        && Double.compare(zeroThreshold, h.zeroThreshold) == 0
        && zeroCount == h.zeroCount
        && Arrays.equals(positiveIndexes, h.positiveIndexes)
        && Arrays.equals(positiveCounts, h.positiveCounts)
        && Arrays.equals(negativeIndexes, h.negativeIndexes)
        && Arrays.equals(negativeCounts, h.negativeCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        schema,
        zeroThreshold,
        zeroCount,
        Arrays.hashCode(positiveIndexes),
        Arrays.hashCode(positiveCounts),
        Arrays.hashCode(negativeIndexes),
        Arrays.hashCode(negativeCounts));
  }

  @Override
  public String toString() {
    return "NativeHistogram{schema="
        + schema
        + ", zeroThreshold="
        + zeroThreshold
        + ", zeroCount="
        + zeroCount
        + ", positive="
        + pairs(positiveIndexes, positiveCounts)
        + ", negative="
        + pairs(negativeIndexes, negativeCounts)
        + "}";
  }

  private static String pairs(int[] indexes, long[] counts) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < indexes.length; i++) {
      b.append(i == 0 ? "" : ", ").append(indexes[i]).append('=').append(counts[i]);
    }
    return b.append('}').toString();
  }
}
