package io.prom4j;

/**
 * The bucket index of a native histogram, computed exactly as client_golang computes it, so that
 * prom4j and Go put every value into the same bucket.
 *
 * <p>Schema {@code s} (-4..8) has buckets {@code (base^(i-1), base^i]} with {@code base =
 * 2^(2^-s)}; index 0 ends at 1. A positive value is split as {@code frac * 2^exp} with {@code frac}
 * in [0.5, 1) (C's {@code frexp}); for {@code s > 0} the index is the position of the first bound
 * {@code >= frac} in a table of {@code 2^s} fractions plus {@code (exp - 1) * 2^s}, for {@code s <=
 * 0} it is {@code exp} (minus one on an exact power of two) divided by {@code 2^-s}, rounded up.
 * Not {@code ceil(log2(v) * 2^s)}: that mis-rounds next to the bounds.
 *
 * <p>The tables are built with client_golang's recurrence from client_golang's eight factors: entry
 * {@code j} is entry {@code j/2} of the previous schema when {@code j} is even, else entry {@code
 * j-1} times the factor. The factor of schema 1 is one ulp below the correctly rounded square root
 * of two; {@code Math.pow} or {@code Math.sqrt} would give bounds one ulp off Go's in the upper
 * half of every table, and values within an ulp of a bound would land in other buckets than in Go.
 * Java's double arithmetic is IEEE-strict, so the recurrence gives Go's literals bit for bit.
 */
final class NativeBucketIndex {

  static final int MIN_SCHEMA = -4;
  static final int MAX_SCHEMA = 8;

  /** client_golang's {@code math.Exp2(math.Exp2(-s))} as Go computes it, s = 1..8. */
  private static final double[] FACTORS = {
    Double.NaN,
    1.414213562373095,
    1.189207115002721,
    1.0905077326652577,
    1.0442737824274138,
    1.0218971486541166,
    1.0108892860517005,
    1.0054299011128027,
    1.0027112750502025,
  };

  /** BOUNDS[s]: the 2^s fractions in [0.5, 1) that start the buckets of one power of two. */
  private static final double[][] BOUNDS = new double[MAX_SCHEMA + 1][];

  static {
    BOUNDS[0] = new double[] {0.5};
    for (int s = 1; s <= MAX_SCHEMA; s++) {
      double[] b = new double[1 << s];
      b[0] = 0.5;
      for (int j = 1; j < b.length; j++) {
        b[j] = (j & 1) == 0 ? BOUNDS[s - 1][j / 2] : b[j - 1] * FACTORS[s];
      }
      BOUNDS[s] = b;
    }
  }

  /**
   * CELL_START[s][c]: the first table index whose bound is at least the smallest fraction of cell
   * c, where the 1024 cells split [0.5, 1) by the top ten mantissa bits. A cell (width 2^-11) is
   * narrower than the narrowest bucket (schema 8 near 0.5: 0.00135), so the answer for a fraction
   * in the cell is that index or the next: one comparison instead of a binary search, and the same
   * result.
   */
  private static final short[][] CELL_START = new short[MAX_SCHEMA + 1][];

  private static final int CELL_BITS = 10;

  static {
    for (int s = 1; s <= MAX_SCHEMA; s++) {
      short[] start = new short[1 << CELL_BITS];
      for (int c = 0; c < start.length; c++) {
        double lowest = 0.5 + c * 0x1p-11; // exact: the fraction with mantissa bits c000...0
        start[c] = (short) searchBounds(BOUNDS[s], lowest);
      }
      CELL_START[s] = start;
    }
  }

  private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;
  private static final long HALF_EXPONENT = 0x3FE0_0000_0000_0000L; // exponent field of 0.5

  private NativeBucketIndex() {}

  /** A copy of the bounds table of {@code schema} (1..8), for tests. */
  static double[] bounds(int schema) {
    return BOUNDS[schema].clone();
  }

  /**
   * The index of the bucket of {@code abs} under {@code schema}.
   *
   * @param abs a value above 0 (the magnitude of the observation); +Inf gives the overflow bucket
   *     after the one of {@code Double.MAX_VALUE}, as in Go
   */
  static int index(double abs, int schema) {
    boolean inf = abs == Double.POSITIVE_INFINITY;
    double v = inf ? Double.MAX_VALUE : abs;
    // frexp without loops: frac keeps the mantissa bits with the exponent of 0.5, exp is the
    // unbiased exponent plus one. Subnormals are scaled into the normal range first.
    int shift = 0;
    if (v < Double.MIN_NORMAL) {
      v *= 0x1p54;
      shift = 54;
    }
    long bits = Double.doubleToRawLongBits(v);
    int exp = (int) (bits >>> 52) - 1022 - shift;
    double frac = Double.longBitsToDouble((bits & MANTISSA) | HALF_EXPONENT);
    int key;
    if (schema > 0) {
      double[] bounds = BOUNDS[schema];
      int j = CELL_START[schema][(int) ((bits & MANTISSA) >>> (52 - CELL_BITS))];
      if (j < bounds.length && bounds[j] < frac) {
        j++; // the cell's second bucket
      }
      key = j + (exp - 1) * bounds.length;
    } else {
      key = exp;
      if (frac == 0.5) {
        key--; // an exact power of two is the upper bound of the bucket below
      }
      int offset = (1 << -schema) - 1;
      key = (key + offset) >> -schema; // arithmetic shift: division rounding up
    }
    return inf ? key + 1 : key;
  }

  /** Go's {@code sort.SearchFloat64s}: the smallest i with {@code bounds[i] >= frac}. */
  private static int searchBounds(double[] bounds, double frac) {
    int lo = 0;
    int hi = bounds.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (bounds[mid] < frac) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The inclusive upper bound of bucket {@code key} under {@code schema} (Go's {@code getLe}). */
  static double upperBound(int key, int schema) {
    if (schema < 0) {
      int exp = key << -schema;
      return exp == 1024 ? Double.MAX_VALUE : Math.scalb(1.0, exp);
    }
    double frac = BOUNDS[schema][key & ((1 << schema) - 1)];
    int exp = (key >> schema) + 1;
    if (frac == 0.5 && exp == 1025) {
      return Double.MAX_VALUE;
    }
    return Math.scalb(frac, exp);
  }

  /**
   * The index that bucket {@code key} of schema {@code from} falls into under the lower schema
   * {@code to}: {@code ceil(key / 2^(from - to))}, which merges each pair of neighbours per step as
   * client_golang's {@code doubleBucketWidth} does.
   */
  static int lower(int key, int from, int to) {
    int d = from - to;
    return (key + (1 << d) - 1) >> d;
  }
}
