package io.prom4j.internal;

import java.math.BigDecimal;

/**
 * The one implementation of number formatting for every exposition format.
 *
 * <p>Finite values are written in the shortest decimal form that parses back to the same
 * double, laid out as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} does (what Prometheus'
 * own writers and the Python client emit): exponent form, with at least two exponent digits,
 * when the decimal exponent is below -4 or at least 6 ({@code 1e-05}, {@code 1.234567e+06}),
 * plain notation otherwise ({@code 0.0001}, {@code 123456}). Infinities are {@code +Inf} and
 * {@code -Inf}, NaN is {@code NaN}.
 *
 * <p>PLACEHOLDER: this first version is correct but allocates; it is replaced by an
 * allocation-free shortest-digits algorithm.
 */
public final class DoubleFormat {

  /** The most bytes {@link #writeCanonical} or {@link #writeGo} writes for one value. */
  public static final int MAX_LENGTH = 32;

  private DoubleFormat() {}

  /**
   * Go's shortest {@code %g} with {@code .0} appended when the result has neither a decimal
   * point nor an exponent: the canonical OpenMetrics form ({@code 1.0}, {@code 0.005},
   * {@code 1e+06}, {@code +Inf}). Used for sample values and for {@code le}/{@code quantile}.
   *
   * @return the position after the last byte written
   */
  public static int writeCanonical(byte[] buf, int pos, double v) {
    return writeAscii(buf, pos, canonical(v));
  }

  /**
   * Go's shortest {@code %g} ({@code 1}, {@code 0.005}, {@code 1e+06}, {@code 1.5e-07},
   * {@code +Inf}).
   *
   * @return the position after the last byte written
   */
  public static int writeGo(byte[] buf, int pos, double v) {
    return writeAscii(buf, pos, go(v));
  }

  /** Writes a long in decimal; returns the position after the last byte. */
  public static int writeLong(byte[] buf, int pos, long v) {
    return writeAscii(buf, pos, Long.toString(v));
  }

  /** {@link #writeCanonical} as a String. */
  public static String canonical(double v) {
    String s = go(v);
    if (Double.isFinite(v) && s.indexOf('.') < 0 && s.indexOf('e') < 0) {
      return s + ".0";
    }
    return s;
  }

  /** {@link #writeGo} as a String. */
  public static String go(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
    StringBuilder sb = new StringBuilder();
    if (v < 0) {
      sb.append('-');
    }
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      sb.append(a);
    } else if (exp < 0) {
      sb.append("0.");
      for (int i = -1; i > exp; i--) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (digits.length() <= exp + 1) {
      sb.append(digits);
      for (int i = digits.length(); i <= exp; i++) {
        sb.append('0');
      }
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return sb.toString();
  }

  private static int writeAscii(byte[] buf, int pos, String s) {
    for (int i = 0; i < s.length(); i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    return pos;
  }
}
