package io.prom4j.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The one implementation of number formatting for every exposition format.
 *
 * <p>Finite values are written in the shortest decimal form that parses back to the same double,
 * laid out as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} does (what Prometheus' own writers
 * and the Python client emit): exponent form, with at least two exponent digits, when the decimal
 * exponent is below -4 or at least 6 ({@code 1e-05}, {@code 1.234567e+06}), plain notation
 * otherwise ({@code 0.0001}, {@code 123456.0}), with {@code .0} after a plain integer (the
 * canonical OpenMetrics form; Go writes {@code 123456}). Infinities are {@code +Inf} and {@code
 * -Inf}, NaN is {@code NaN}. When several shortest forms round-trip, the one closest to the exact
 * binary value is written (ties to an even last digit), as Go and Java 19+ do.
 *
 * <p>Implementation notes. Every exposition writer calls this for every sample of every scrape, so
 * the {@code write*} methods allocate nothing: they write ASCII bytes into the caller's buffer,
 * which needs {@link #MAX_LENGTH} free bytes. The only shared state is the immutable table of
 * powers of ten built once in the static initialiser, so every method is safe to call from any
 * thread. Two paths:
 *
 * <ul>
 *   <li>Integral values below 2^53 (counter totals, bucket bounds): every such integer is exact and
 *       its neighbours are at most 1 away, so its shortest form is its own decimal digits; they
 *       come straight from the {@code long}.
 *   <li>Everything else: Schubfach (Raffaello Giulietti, "The Schubfach way to render doubles",
 *       2020). It picks the decimal exponent k whose spacing 10^k is at most the spacing of doubles
 *       around v, so the rounding interval of v (the reals that parse back to v) holds one or two
 *       multiples of 10^k and at most one multiple of 10^(k+1); it then tests those few candidates
 *       against the interval bounds, computed with one 126-bit fixed-point multiplication each. No
 *       loops over digits, no big numbers per call.
 * </ul>
 */
public final class DoubleFormat {

  /** The most bytes {@link #writeCanonical} or {@link #writeLong} writes. */
  // The longest actual outputs are 24 bytes (-2.2250738585072014e-308) and 20 for writeLong.
  public static final int MAX_LENGTH = 32;

  // IEEE 754 binary64: v = c * 2^q with the 53-bit significand c (hidden bit included for
  // normal values) and q = biasedExponent - 1075 (q = -1074 for subnormals).
  private static final int SIGNIFICAND_BITS = 52;
  private static final long FRACTION_MASK = (1L << SIGNIFICAND_BITS) - 1;
  private static final long HIDDEN_BIT = 1L << SIGNIFICAND_BITS;
  private static final int Q_MIN = -1074;
  private static final long ABS_MASK = Long.MAX_VALUE;
  private static final long INFINITY_BITS = 0x7ff0000000000000L;

  // Decimal exponents k that Schubfach can choose over all finite doubles: floor(log10(2^q))
  // for q in [-1074, 971], or floor(log10(3/4 * 2^q)) at the irregular spacing.
  private static final int K_MIN = -324;
  private static final int K_MAX = 292;

  /**
   * For each k in [K_MIN, K_MAX], at index 2 * (k - K_MIN): the 126-bit integer g = floor(10^-k *
   * 2^-r) + 1, with r chosen so that 2^125 <= g < 2^126, stored as its high 63 bits then its low 63
   * bits (two non-negative longs, so that the signed {@link Math#multiplyHigh} of Java 17 is an
   * unsigned product). Rounding g up by one is what the paper's error analysis requires.
   */
  private static final long[] G = powersOfTen();

  private static final long LOW_63 = Long.MAX_VALUE;

  /** 10^0 .. 10^18. */
  private static final long[] POW10 = new long[19];

  /** "00", "01", ..., "99" as ASCII. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  private static final byte[] NAN = {'N', 'a', 'N'};
  private static final byte[] POS_INF = {'+', 'I', 'n', 'f'};
  private static final byte[] NEG_INF = {'-', 'I', 'n', 'f'};
  private static final byte[] LONG_MIN =
      Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  static {
    long p = 1;
    for (int i = 0; i < POW10.length; i++, p *= 10) {
      POW10[i] = p;
    }
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  private DoubleFormat() {}

  /**
   * Writes Go's shortest {@code %g} with {@code .0} appended when the result has neither a decimal
   * point nor an exponent: the canonical OpenMetrics form ({@code 1.0}, {@code 0.005}, {@code
   * 1e+06}, {@code -0.0}, {@code +Inf}). Used for sample values and for {@code le}/{@code
   * quantile}. Allocates nothing.
   *
   * @param buf the destination, with at least {@link #MAX_LENGTH} bytes free from {@code pos}
   * @param pos where the first byte goes
   * @param v the value
   * @return the position after the last byte written
   * @throws ArrayIndexOutOfBoundsException if {@code buf} is too short
   */
  public static int writeCanonical(byte[] buf, int pos, double v) {
    long bits = Double.doubleToRawLongBits(v);
    long abs = bits & ABS_MASK;
    if (abs >= INFINITY_BITS) {
      byte[] s = abs > INFINITY_BITS ? NAN : bits < 0 ? NEG_INF : POS_INF;
      System.arraycopy(s, 0, buf, pos, s.length);
      return pos + s.length;
    }
    if (bits < 0) {
      buf[pos++] = '-';
    }
    double a = Math.abs(v);
    if (a < 0x1p53) {
      long n = (long) a;
      if (n == a) { // integral (0 included): the digits of n are the shortest form
        return writeIntegral(buf, pos, n);
      }
    }
    return writeShortest(buf, pos, abs);
  }

  /**
   * Writes a long in decimal ({@code -9223372036854775808} included). Allocates nothing.
   *
   * @param buf the destination, with at least 20 bytes free from {@code pos}
   * @param pos where the first byte goes
   * @param v the value
   * @return the position after the last byte written
   * @throws ArrayIndexOutOfBoundsException if {@code buf} is too short
   */
  public static int writeLong(byte[] buf, int pos, long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) { // -v would overflow
        System.arraycopy(LONG_MIN, 0, buf, pos, LONG_MIN.length);
        return pos + LONG_MIN.length;
      }
      buf[pos++] = '-';
      v = -v;
    }
    int end = pos + decimalLength(v);
    writeDigits(buf, end, v);
    return end;
  }

  /**
   * Returns {@link #writeCanonical}'s output as a String.
   *
   * @param v the value
   * @return the canonical form, e.g. {@code 17.0} or {@code 1e+06}
   */
  public static String canonical(double v) {
    byte[] buf = new byte[MAX_LENGTH];
    return new String(buf, 0, writeCanonical(buf, 0, v), StandardCharsets.US_ASCII);
  }

  /** Lays out 0 <= n < 2^53, which has at most 16 digits. */
  private static int writeIntegral(byte[] buf, int pos, long n) {
    if (n < 1_000_000) { // decimal exponent below 6: plain digits and .0
      int end = pos + decimalLength(n);
      writeDigits(buf, end, n);
      buf[end++] = '.';
      buf[end++] = '0';
      return end;
    }
    return layout(buf, pos, n, 0);
  }

  /**
   * Schubfach for a finite, positive double with the given bits, which is not an integer below
   * 2^53. Writes the digits through {@link #layout}.
   */
  private static int writeShortest(byte[] buf, int pos, long bits) {
    int biased = (int) (bits >>> SIGNIFICAND_BITS);
    long fraction = bits & FRACTION_MASK;
    long c = biased == 0 ? fraction : fraction | HIDDEN_BIT;
    // Subnormals keep their small c: Java's Double.toString multiplies c < 3 by 10 to get the
    // two digits its spec wants (4.9E-324); Go, and we, want the shortest (5e-324).
    int q = biased == 0 ? Q_MIN : biased - 1075;

    // The rounding interval R of v = c 2^q is [c - 1/2, c + 1/2] 2^q, except at a power of two
    // (c = 2^52, not the smallest exponent) where the double below is only 2^q / 4 away:
    // [c - 1/4, c + 1/2] 2^q. Its ends belong to R iff c is even (ties parse to even).
    // Working in quarters keeps the ends integral: cb = 4c, cbl = 4c - 2 (or 4c - 1),
    // cbr = 4c + 2. outside is 1 when the ends are excluded.
    int outside = (int) c & 1;
    long cb = c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != HIDDEN_BIT || q == Q_MIN) {
      cbl = cb - 2;
      k = floorLog10Pow2(q); // 10^k <= 2^q, the width of R
    } else {
      cbl = cb - 1;
      k = floorLog10ThreeQuartersPow2(q); // 10^k <= 3/4 2^q, the width of R
    }

    // Scale everything by 10^-k: vb ~ 4 v 10^-k, and likewise for the ends. With
    // 10^-k = g 2^r (g from the table, r = floorLog2Pow10(-k) - 125), x 2^q 10^-k equals
    // g (x << h) / 2^127 for h = q + r + 127. h is in 2..5 for every q (DoubleFormatTest
    // checks), so x << h < 2^60.
    int h = q + floorLog2Pow10(-k) + 2;
    int gi = (k - K_MIN) << 1;
    long g1 = G[gi];
    long g0 = G[gi + 1];
    long vb = roundToOdd(g1, g0, cb << h);
    long vbl = roundToOdd(g1, g0, cbl << h);
    long vbr = roundToOdd(g1, g0, cbr << h);

    // Candidates d 10^k are compared as 4d against the scaled ends: 4d is in R iff
    // vbl + outside <= 4d <= vbr - outside. This works on the round-to-odd values because 4d
    // is even: an even integer compares with an inexact value x (strictly or not) exactly as
    // with floor(x) | 1, and with an exact one as with x itself.
    long s = vb >> 2; // floor(v 10^-k): the multiples s 10^k and (s + 1) 10^k bracket v

    // One digit shorter: R is narrower than 10^(k+1), so at most one multiple of 10^(k+1)
    // lies in R, and if one does it is the only shortest candidate. (For s < 10 the lower one
    // is 0, never in R.)
    long sp = s / 10 * 10;
    if (vbl + outside <= sp << 2) {
      return layout(buf, pos, sp, k);
    }
    if ((sp + 10 << 2) + outside <= vbr) {
      return layout(buf, pos, sp + 10, k);
    }

    // Otherwise the answer has the digits of s or of s + 1; R is at least 10^k wide, so at least
    // one of them is in R. If both are, take the one closer to v, the even one on a tie:
    // vb - 2 (2s + 1) compares 4 v 10^-k with 4 (s + 1/2), the midpoint.
    long t = s + 1;
    boolean uIn = vbl + outside <= s << 2;
    boolean wIn = (t << 2) + outside <= vbr;
    if (uIn != wIn) {
      return layout(buf, pos, uIn ? s : t, k);
    }
    long cmp = vb - (s + t << 1);
    return layout(buf, pos, cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k);
  }

  /**
   * Returns floor(g x / 2^127) with its lowest bit set when the division is inexact ("round to
   * odd"), for g = g1 2^63 + g0 and 0 <= x < 2^63. The product has up to 189 bits: g1 x = y1 2^64 +
   * y0 and g0 x = x1 2^64 + x0, so g x / 2^127 = y1 + ((y0 >>> 1) + x1) / 2^63 + (lower bits
   * dropped). The paper shows that the dropped bits (x0 and the lowest bit of y0) never change the
   * comparisons made with the result, given g's 126-bit precision and the +1 in g.
   */
  private static long roundToOdd(long g1, long g0, long x) {
    long x1 = Math.multiplyHigh(g0, x); // g0, x < 2^63: the signed high half is the unsigned one
    long y0 = g1 * x;
    long y1 = Math.multiplyHigh(g1, x);
    long z = (y0 >>> 1) + x1; // < 2^64 as unsigned: bit 63 is a carry into y1
    long floor = y1 + (z >>> 63);
    long sticky = ((z & LOW_63) + LOW_63) >>> 63; // 1 iff the low 63 bits of z are not all 0
    return floor | sticky;
  }

  /**
   * Lays out the decimal f 10^e (f > 0) as Go's shortest {@code %g}: strips f's trailing zeros,
   * then writes exponent form when the decimal exponent x of the first digit is < -4 or >= 6, plain
   * notation otherwise, with {@code .0} after a plain integer.
   */
  private static int layout(byte[] buf, int pos, long f, int e) {
    // f < 10^17, so at most 16 trailing zeros (1e23 comes out of Schubfach as 10^16 10^7):
    // remove eights while there are, then the remainder (< 8) in binary steps.
    while (f % 100_000_000 == 0) {
      f /= 100_000_000;
      e += 8;
    }
    if (f % 10_000 == 0) {
      f /= 10_000;
      e += 4;
    }
    if (f % 100 == 0) {
      f /= 100;
      e += 2;
    }
    if (f % 10 == 0) {
      f /= 10;
      e += 1;
    }
    int n = decimalLength(f);
    int x = e + n - 1;
    if (x < -4 || x >= 6) {
      // d[.ddd]e±XX: write the digits one byte to the right, then move the first digit left
      // over the gap and put the point after it.
      if (n == 1) {
        buf[pos++] = (byte) ('0' + f);
      } else {
        writeDigits(buf, pos + 1 + n, f);
        buf[pos] = buf[pos + 1];
        buf[pos + 1] = '.';
        pos += n + 1;
      }
      buf[pos++] = 'e';
      if (x < 0) {
        buf[pos++] = '-';
        x = -x;
      } else {
        buf[pos++] = '+';
      }
      if (x >= 100) {
        buf[pos++] = (byte) ('0' + x / 100);
        x %= 100;
      }
      buf[pos++] = DIGIT_PAIRS[2 * x];
      buf[pos++] = DIGIT_PAIRS[2 * x + 1];
      return pos;
    }
    if (x < 0) { // 0.000ddd: -x - 1 zeros after the point
      buf[pos++] = '0';
      buf[pos++] = '.';
      for (int i = -1; i > x; i--) {
        buf[pos++] = '0';
      }
      int end = pos + n;
      writeDigits(buf, end, f);
      return end;
    }
    if (n <= x + 1) { // an integer: digits, then zeros up to the units place
      int end = pos + n;
      writeDigits(buf, end, f);
      for (int i = n; i <= x; i++) {
        buf[end++] = '0';
      }
      buf[end++] = '.';
      buf[end++] = '0';
      return end;
    }
    // ddd.ddd with x + 1 integer digits (at most 6): digits one byte to the right, then the
    // integer digits moved left over the gap.
    writeDigits(buf, pos + 1 + n, f);
    for (int i = 0; i <= x; i++) {
      buf[pos + i] = buf[pos + i + 1];
    }
    buf[pos + x + 1] = '.';
    return pos + n + 1;
  }

  /** Writes the decimal digits of v >= 0 so that the last one is at end - 1. */
  private static void writeDigits(byte[] buf, int end, long v) {
    // Blocks of eight digits per long division, split with int arithmetic into four pairs that
    // depend on two divisions, not on a chain of four: writeLong of 13..17 digits took 15-20%
    // less CPU time than two digits per long division (JDK 17, 2.6 GHz EPYC).
    // Divisions by constants compile to multiplications.
    while (v >= 100_000_000) {
      long quot = v / 100_000_000;
      int block = (int) (v - quot * 100_000_000);
      int high = block / 10_000;
      int low = block - high * 10_000;
      int p1 = high / 100;
      int p3 = low / 100;
      writePair(buf, end - 8, p1);
      writePair(buf, end - 6, high - p1 * 100);
      writePair(buf, end - 4, p3);
      writePair(buf, end - 2, low - p3 * 100);
      end -= 8;
      v = quot;
    }
    int i = (int) v;
    while (i >= 100) {
      int quot = i / 100;
      writePair(buf, end - 2, i - quot * 100);
      end -= 2;
      i = quot;
    }
    if (i >= 10) {
      writePair(buf, end - 2, i);
    } else {
      buf[end - 1] = (byte) ('0' + i);
    }
  }

  /** Writes 0 <= pair < 100 as two digits at pos and pos + 1. */
  private static void writePair(byte[] buf, int pos, int pair) {
    buf[pos] = DIGIT_PAIRS[pair << 1];
    buf[pos + 1] = DIGIT_PAIRS[(pair << 1) + 1];
  }

  /** The number of decimal digits of v >= 0 (1 for 0). */
  static int decimalLength(long v) {
    // bits * 1233 / 4096 (1233 / 4096 ~ log10(2)) is floor(log10(2^bits)), which is the digit
    // count of v or one less; one comparison settles it. v | 1 makes 0 count as 1.
    long x = v | 1;
    int t = ((64 - Long.numberOfLeadingZeros(x)) * 1233) >>> 12;
    return x >= POW10[t] ? t + 1 : t;
  }

  // floor(log10(2^e)) etc. in fixed point: e * round-down(log10(2) 2^41) >> 41. The shift is
  // an arithmetic shift, so this is a floor for negative e too. Exact over the exponents used
  // here (checked against BigInteger for every one in DoubleFormatTest).

  /** floor(log10(2^e)) for |e| <= 1100. */
  static int floorLog10Pow2(int e) {
    return (int) (e * 661_971_961_083L >> 41);
  }

  /** floor(log10(3/4 2^e)) for |e| <= 1100; the constant adds log10(3/4) 2^41, rounded down. */
  static int floorLog10ThreeQuartersPow2(int e) {
    return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
  }

  /** floor(log2(10^e)) for |e| <= 330; 913_124_641_741 is log2(10) 2^38 rounded down. */
  static int floorLog2Pow10(int e) {
    return (int) (e * 913_124_641_741L >> 38);
  }

  /** Builds {@link #G}: a one-off BigInteger computation at class initialisation. */
  private static long[] powersOfTen() {
    long[] g = new long[2 * (K_MAX - K_MIN + 1)];
    BigInteger low63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
    for (int k = K_MIN; k <= K_MAX; k++) {
      BigInteger beta; // floor(10^-k 2^-r), in [2^125, 2^126)
      if (k <= 0) {
        BigInteger p = BigInteger.TEN.pow(-k); // in [2^(L-1), 2^L)
        int shift = 126 - p.bitLength();
        beta = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
      } else {
        BigInteger p = BigInteger.TEN.pow(k); // in (2^(L-1), 2^L): 2^(125+L) / p is in range
        beta = BigInteger.ONE.shiftLeft(125 + p.bitLength()).divide(p);
      }
      BigInteger gk = beta.add(BigInteger.ONE);
      int i = (k - K_MIN) << 1;
      g[i] = gk.shiftRight(63).longValueExact();
      g[i + 1] = gk.and(low63).longValueExact();
    }
    return g;
  }
}
