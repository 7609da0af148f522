package io.prom4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DoubleFormatTest {

  /**
   * Go's shortest %g, with the layout bounds built in: plain for decimal exponents -4..5 (at most 6
   * integer digits, at most 3 zeros after "0."), exponent form otherwise (exponent -05 and below,
   * +06 and above, at least two digits), no trailing zeros.
   */
  private static final Pattern GO_SYNTAX =
      Pattern.compile(
          "NaN|[+-]Inf|-?(?:0"
              + "|[1-9]\\d{0,5}(?:\\.\\d*[1-9])?"
              + "|0\\.0{0,3}[1-9](?:\\d*[1-9])?"
              + "|[1-9](?:\\.\\d*[1-9])?e(?:-(?:0[5-9]|[1-9]\\d\\d?)|\\+(?:0[6-9]|[1-9]\\d\\d?)))");

  private static final int PROPERTY_SAMPLES = 1_000_000;

  /** Every how many samples the (BigDecimal, expensive) shortness check runs: 200,000 of them. */
  private static final int SHORTNESS_EVERY = 5;

  // ---- property test ---------------------------------------------------------------------

  @Test
  void go_millionMixedDoubles_roundTripsShortestClosestInGoSyntax() {
    SplittableRandom random = new SplittableRandom(0x5EED_F00DL);
    byte[] buf = new byte[2 * DoubleFormat.MAX_LENGTH + 16];
    for (int i = 0; i < PROPERTY_SAMPLES; i++) {
      double v = sample(random, i);
      check(v, buf, i % SHORTNESS_EVERY == 0);
    }
  }

  /** A third uniformly random bit patterns, a third "human" values, a third near 10^e. */
  private static double sample(SplittableRandom random, int i) {
    switch (i % 3) {
      case 0:
        double v;
        do {
          v = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(v));
        return v;
      case 1:
        double sign = random.nextBoolean() ? 1 : -1;
        switch (random.nextInt(4)) {
          case 0: // k / 10^n: prices, latencies, ratios
            return sign * random.nextInt(10_000_000) / Math.pow(10, random.nextInt(12));
          case 1: // counter totals
            return sign * (random.nextLong() >>> random.nextInt(1, 64));
          case 2: // integers beyond 2^53 and big round numbers
            return sign * random.nextInt(1, 1000) * Math.pow(10, random.nextInt(30));
          default: // k 10^-n with few digits, as typed by people: 0.005, 2.5e-07
            int digits = random.nextInt(1, 1000);
            return sign * Double.parseDouble(digits + "e" + random.nextInt(-30, 30));
        }
      default:
        double p = Double.parseDouble("1e" + random.nextInt(-323, 309));
        long bits = Double.doubleToRawLongBits(p) + random.nextInt(-40, 41);
        double near = Double.longBitsToDouble(bits);
        return Double.isFinite(near) ? near : p;
    }
  }

  /**
   * Go's shortest {@code %g} ({@code strconv.FormatFloat(v, 'g', -1, 64)}): the canonical form
   * without the {@code .0} that it appends to plain integers. The layout rules are Go's, so the
   * tests state them in Go's spelling.
   */
  private static String go(double v) {
    String c = DoubleFormat.canonical(v);
    return c.endsWith(".0") && c.indexOf('e') < 0 ? c.substring(0, c.length() - 2) : c;
  }

  /** Checks every property of canonical/writeCanonical for one finite v. */
  private static void check(double v, byte[] buf, boolean shortness) {
    String canonical = DoubleFormat.canonical(v);
    String go = go(v);
    if (Double.doubleToRawLongBits(Double.parseDouble(go)) != Double.doubleToRawLongBits(v)) {
      fail(where(v) + go + " does not parse back to the same double");
    }
    if (!GO_SYNTAX.matcher(go).matches()) {
      fail(where(v) + go + " is not Go %g syntax");
    }
    boolean plainInteger = go.indexOf('.') < 0 && go.indexOf('e') < 0;
    if (plainInteger != canonical.endsWith(".0") && !canonical.contains("e")) {
      fail(where(v) + "canonical " + canonical + " lacks or misplaces the .0 of an integer");
    }
    if (canonical.length() > DoubleFormat.MAX_LENGTH) {
      fail(where(v) + canonical + " is longer than MAX_LENGTH");
    }
    assertWrites(buf, v, canonical);
    if (shortness) {
      assertShortestAndClosest(v, go);
    }
  }

  /** Failure message prefix naming v exactly (built only on failure: Double.toString is slow). */
  private static String where(double v) {
    return v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + "): ";
  }

  /** The write method puts exactly the expected bytes at an offset and touches nothing else. */
  private static void assertWrites(byte[] buf, double v, String expected) {
    Arrays.fill(buf, (byte) '#');
    int pos = 7;
    int end = DoubleFormat.writeCanonical(buf, pos, v);
    boolean same = end - pos == expected.length();
    for (int i = 0; same && i < expected.length(); i++) {
      same = buf[pos + i] == expected.charAt(i);
    }
    if (!same) {
      String written = new String(buf, pos, Math.max(0, end - pos), StandardCharsets.US_ASCII);
      fail(where(v) + "wrote " + written + ", String form is " + expected);
    }
    for (int i = 0; i < buf.length; i++) {
      if ((i < pos || i >= end) && buf[i] != '#') {
        fail(where(v) + "wrote outside its range at " + i);
      }
    }
  }

  /**
   * No decimal with fewer significant digits parses back to v (the nearest ones with n - 1 digits,
   * below and above, both fail), and among n-digit decimals the one written is the nearest to v
   * unless the nearest does not parse back to v.
   */
  private static void assertShortestAndClosest(double v, String go) {
    if (v == 0) {
      return;
    }
    BigDecimal written = new BigDecimal(go).abs().stripTrailingZeros();
    int n = written.precision();
    if (n > 17) {
      fail(where(v) + go + " has more than 17 significant digits");
    }
    BigDecimal exact = new BigDecimal(Math.abs(v));
    double abs = Math.abs(v);
    if (n > 1) {
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal shorter = exact.round(new MathContext(n - 1, mode));
        if (Double.parseDouble(shorter.toString()) == abs) {
          fail(where(v) + go + " is not shortest: " + shorter + " also parses back");
        }
      }
    }
    BigDecimal nearest = exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
    if (nearest.compareTo(written) != 0 && Double.parseDouble(nearest.toString()) == abs) {
      fail(where(v) + go + " is not the closest shortest form: " + nearest);
    }
  }

  // ---- exhaustive slices ---------------------------------------------------------------

  @Test
  void go_everyPowerOfTwoAndNeighbours_roundTripsShortest() {
    // Powers of two are where the spacing below halves (the "irregular" case).
    byte[] buf = new byte[2 * DoubleFormat.MAX_LENGTH + 16];
    for (int e = -1074; e <= 1023; e++) {
      long bits = Double.doubleToRawLongBits(Math.scalb(1.0, e));
      for (long d = -2; d <= 2; d++) {
        double v = Double.longBitsToDouble(bits + d);
        if (v > 0 && Double.isFinite(v)) {
          check(v, buf, true);
          check(-v, buf, false);
        }
      }
    }
  }

  @Test
  void go_smallestSubnormalsAndNormalBoundary_roundTripsShortest() {
    byte[] buf = new byte[2 * DoubleFormat.MAX_LENGTH + 16];
    for (long bits = 1; bits <= 5_000; bits++) {
      check(Double.longBitsToDouble(bits), buf, true);
    }
    long minNormal = Double.doubleToRawLongBits(Double.MIN_NORMAL);
    for (long bits = minNormal - 1_000; bits <= minNormal + 1_000; bits++) {
      check(Double.longBitsToDouble(bits), buf, true);
    }
    long max = Double.doubleToRawLongBits(Double.MAX_VALUE);
    for (long bits = max - 1_000; bits <= max; bits++) {
      check(Double.longBitsToDouble(bits), buf, true);
    }
  }

  @Test
  void go_integersAroundTwoToThe53_switchPathsSeamlessly() {
    byte[] buf = new byte[2 * DoubleFormat.MAX_LENGTH + 16];
    double p53 = 0x1p53;
    for (int d = -2_000; d <= 2_000; d++) {
      check(p53 + 2.0 * d, buf, true);
      check(p53 + d + 0.5, buf, true); // below 2^53 these are not integers
    }
    for (int i = 0; i <= 62; i++) {
      for (long d = -2; d <= 2; d++) {
        check((double) ((1L << i) + d), buf, true);
      }
    }
  }

  @Test
  void fixedPointLogarithms_matchExactValuesOverTheirRange() {
    BigInteger ten = BigInteger.TEN;
    for (int e = -1100; e <= 1100; e++) {
      assertThat(DoubleFormat.floorLog10Pow2(e))
          .as("floor(log10(2^%d))", e)
          .isEqualTo(floorLog10(BigInteger.ONE, e));
      assertThat(DoubleFormat.floorLog10ThreeQuartersPow2(e))
          .as("floor(log10(3/4 2^%d))", e)
          .isEqualTo(floorLog10(BigInteger.valueOf(3), e - 2));
    }
    for (int e = -330; e <= 330; e++) {
      // floor(log2(10^e)): bitLength - 1 for e >= 0; -bitLength(10^-e) for e < 0 (not a power of 2)
      int expected = e >= 0 ? ten.pow(e).bitLength() - 1 : -ten.pow(-e).bitLength();
      assertThat(DoubleFormat.floorLog2Pow10(e)).as("floor(log2(10^%d))", e).isEqualTo(expected);
    }
  }

  @Test
  void schubfachScaling_everyBinaryExponent_staysInTableAndShiftRange() {
    // k indexes the table of powers of ten (-324..292); h shifts a 55-bit value left.
    for (int q = -1074; q <= 971; q++) {
      for (boolean irregular : new boolean[] {false, true}) {
        int k =
            irregular
                ? DoubleFormat.floorLog10ThreeQuartersPow2(q)
                : DoubleFormat.floorLog10Pow2(q);
        int h = q + DoubleFormat.floorLog2Pow10(-k) + 2;
        assertThat(k).as("k for q=%d", q).isBetween(-324, 292);
        assertThat(h).as("h for q=%d", q).isBetween(2, 5);
      }
    }
  }

  /** floor(log10(m 2^e)) for m > 0, exactly. */
  private static int floorLog10(BigInteger m, int e) {
    BigDecimal x =
        e >= 0
            ? new BigDecimal(m.shiftLeft(e))
            : new BigDecimal(m).divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e))); // exact
    return x.precision() - x.scale() - 1; // the exponent of the first digit
  }

  @Test
  void decimalLength_aroundEveryPowerOfTen_countsDigits() {
    assertThat(DoubleFormat.decimalLength(0)).isEqualTo(1);
    long p = 1;
    for (int digits = 1; digits <= 19; digits++, p *= 10) {
      assertThat(DoubleFormat.decimalLength(p)).as("10^%d", digits - 1).isEqualTo(digits);
      if (p > 1) {
        assertThat(DoubleFormat.decimalLength(p - 1)).isEqualTo(digits - 1);
      }
      assertThat(DoubleFormat.decimalLength(p + 1)).isEqualTo(p == 1 ? 1 : digits);
    }
    assertThat(DoubleFormat.decimalLength(Long.MAX_VALUE)).isEqualTo(19);
  }

  // ---- fixed expectations ----------------------------------------------------------------

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 0",
    "-0.0, -0",
    "1, 1",
    "-1, -1",
    "17, 17",
    "0.1, 0.1",
    "0.005, 0.005",
    "4.9E-324, 5e-324",
    "1.0E-323, 1e-323",
    "2.2250738585072014E-308, 2.2250738585072014e-308",
    "-2.2250738585072014E-308, -2.2250738585072014e-308",
    "1.7976931348623157E308, 1.7976931348623157e+308",
    "9007199254740992, 9.007199254740992e+15",
    "9007199254740993, 9.007199254740992e+15",
    "9007199254740994, 9.007199254740994e+15",
    "9223372036854775807, 9.223372036854776e+18",
    "1.0E21, 1e+21",
    "1.0E22, 1e+22",
    "1.0E23, 1e+23",
    "1.0E100, 1e+100",
    "1.0E-100, 1e-100",
    "1.5E-7, 1.5e-07",
    "0.0001, 0.0001",
    "0.00012345, 0.00012345",
    "0.00001, 1e-05",
    "0.000012345, 1.2345e-05",
    "123456, 123456",
    "123456.5, 123456.5",
    "999999, 999999",
    "999999.9, 999999.9",
    "1000000, 1e+06",
    "1234567, 1.234567e+06",
    "1234567.5, 1.2345675e+06",
    "17560473, 1.7560473e+07",
    "100000, 100000",
    "-1234567, -1.234567e+06",
    "5.0E-5, 5e-05",
    "2.0E-5, 2e-05",
    "0.3, 0.3",
    "2.0, 2",
    "1.0E15, 1e+15",
    "1.0E16, 1e+16",
    "123456789012345678, 1.2345678901234568e+17",
  })
  void go_knownValues_matchGoStrconv(double v, String expected) {
    assertThat(go(v)).isEqualTo(expected);
  }

  @Test
  void go_specialValues_useGoSpelling() {
    assertThat(go(Double.NaN)).isEqualTo("NaN");
    assertThat(go(Double.longBitsToDouble(0xfff8000000000001L))).isEqualTo("NaN");
    assertThat(go(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(go(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(DoubleFormat.canonical(Double.NaN)).isEqualTo("NaN");
    assertThat(DoubleFormat.canonical(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(DoubleFormat.canonical(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void go_sumOfPointOneAndPointTwo_keepsAllSeventeenDigits() {
    assertThat(go(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(DoubleFormat.canonical(0.1 + 0.2)).isEqualTo("0.30000000000000004");
  }

  @Test
  void go_subnormalExtremes_areShortest() {
    assertThat(go(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(go(-Double.MIN_VALUE)).isEqualTo("-5e-324");
    assertThat(go(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014e-308");
    assertThat(go(Math.nextDown(Double.MIN_NORMAL))).isEqualTo("2.225073858507201e-308");
  }

  @Test
  void go_exponentBoundaries_switchAtMinusFiveAndSix() {
    assertThat(go(1e-4)).isEqualTo("0.0001");
    assertThat(go(1e-5)).isEqualTo("1e-05");
    assertThat(go(Math.nextDown(1e-4))).isEqualTo("9.999999999999999e-05");
    assertThat(go(999_999)).isEqualTo("999999");
    assertThat(go(Math.nextDown(1e6))).isEqualTo("999999.9999999999");
    assertThat(go(1e6)).isEqualTo("1e+06");
    assertThat(go(123_456)).isEqualTo("123456");
    assertThat(go(1_234_567)).isEqualTo("1.234567e+06");
  }

  /** python-behaviour.md 2.1: floatToGoString's observed table, positive and agreeing values. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 0.0",
    "1, 1.0",
    "17, 17.0",
    "1.5, 1.5",
    "0.1, 0.1",
    "123456, 123456.0",
    "999999.0, 999999.0",
    "1234567, 1.234567e+06",
    "1e6, 1e+06",
    "9999999.0, 9.999999e+06",
    "1234567.5, 1.2345675e+06",
    "12345678.9, 1.23456789e+07",
    "1e10, 1e+10",
    "1e15, 1e+15",
    "1234567890123.0, 1.234567890123e+12",
    "9007199254740992, 9.007199254740992e+15",
    "9223372036854775808, 9.223372036854776e+18",
    "1e-05, 1e-05",
    "0.0001, 0.0001",
    "5e-324, 5e-324",
    "1795543873.4543025, 1.7955438734543025e+09",
    "1.5e-07, 1.5e-07",
    "3e-05, 3e-05",
    "1e16, 1e+16",
    "2.5e16, 2.5e+16",
    "1e100, 1e+100",
    "-0.5, -0.5",
    "-1e-05, -1e-05",
    "0.005, 0.005",
    "10, 10.0",
    "-1, -1.0",
    "-0.0, -0.0",
  })
  void canonical_pythonFloatToGoStringTable_matches(double v, String expected) {
    assertThat(DoubleFormat.canonical(v)).isEqualTo(expected);
  }

  @Test
  void canonical_openMetricsExamples_renderAsSpecified() {
    String[] examples = {
      "0.0",
      "0.001",
      "0.002",
      "0.01",
      "0.1",
      "0.9",
      "0.95",
      "0.99",
      "0.999",
      "1.0",
      "1.7",
      "10.0",
      "1e-10",
      "1e-09",
      "1e-05",
      "0.0001",
      "100000.0",
      "1e+06",
      "1e+10"
    };
    for (String example : examples) {
      assertThat(DoubleFormat.canonical(Double.parseDouble(example))).isEqualTo(example);
    }
  }

  @Test
  void maxLength_boundsTheLongestOutputs() {
    assertThat(go(-2.2250738585072014e-308)).hasSize(24);
    assertThat(DoubleFormat.canonical(-0.00012345678901234567)).hasSizeLessThanOrEqualTo(24);
    assertThat(DoubleFormat.canonical(-999_999)).isEqualTo("-999999.0");
    assertThat(24).isLessThanOrEqualTo(DoubleFormat.MAX_LENGTH);
    byte[] buf = new byte[DoubleFormat.MAX_LENGTH];
    assertThat(DoubleFormat.writeLong(buf, 0, Long.MIN_VALUE)).isEqualTo(20);
  }

  // ---- writeLong -------------------------------------------------------------------------

  @Test
  void writeLong_extremesAndPowersOfTen_matchLongToString() {
    byte[] buf = new byte[DoubleFormat.MAX_LENGTH + 8];
    long[] fixed = {
      0,
      1,
      -1,
      9,
      10,
      99,
      100,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      Long.MIN_VALUE + 1,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      1L + Integer.MAX_VALUE
    };
    for (long v : fixed) {
      assertThat(writeLongString(buf, v)).isEqualTo(Long.toString(v));
    }
    long p = 1;
    for (int i = 0; i < 19; i++, p *= 10) {
      for (long v : new long[] {p - 1, p, p + 1, -p + 1, -p, -p - 1}) {
        assertThat(writeLongString(buf, v)).isEqualTo(Long.toString(v));
      }
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long v = random.nextLong() >> random.nextInt(64);
      String s = writeLongString(buf, v);
      if (!s.equals(Long.toString(v))) {
        fail("writeLong(" + v + ") wrote " + s);
      }
    }
  }

  private static String writeLongString(byte[] buf, long v) {
    int end = DoubleFormat.writeLong(buf, 3, v);
    return new String(buf, 3, end - 3, StandardCharsets.US_ASCII);
  }

  // ---- allocation ------------------------------------------------------------------------

  @Test
  void writeMethods_afterWarmUp_allocateNothing() throws ReflectiveOperationException {
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = sample(random, i);
    }
    values[0] = Double.NaN;
    values[1] = Double.NEGATIVE_INFINITY;
    values[2] = -0.0;
    byte[] buf = new byte[DoubleFormat.MAX_LENGTH];
    long sink = 0;
    for (int round = 0; round < 5; round++) {
      sink += formatAll(values, buf);
    }
    long before = allocatedBytes();
    sink += formatAll(values, buf);
    long allocated = allocatedBytes() - before;
    assertThat(sink).isPositive();
    assertThat(allocated).as("bytes allocated by 300,000 write calls").isLessThan(10_000);
  }

  /**
   * com.sun.management.ThreadMXBean#getThreadAllocatedBytes for the current thread, called
   * reflectively: the tests compile inside module io.prom4j, which does not read jdk.management.
   * (The boxing of the reflective call costs a few dozen bytes, well inside the slack.)
   */
  private static long allocatedBytes() throws ReflectiveOperationException {
    Object threads = ManagementFactory.getThreadMXBean();
    Method method =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getThreadAllocatedBytes", long.class);
    return (Long) method.invoke(threads, Thread.currentThread().getId());
  }

  private static long formatAll(double[] values, byte[] buf) {
    long sum = 0;
    for (double v : values) {
      sum += DoubleFormat.writeCanonical(buf, 0, v);
      sum += DoubleFormat.writeLong(buf, 0, (long) v);
    }
    return sum;
  }
}
