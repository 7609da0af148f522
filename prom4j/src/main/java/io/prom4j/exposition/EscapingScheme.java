package io.prom4j.exposition;

/**
 * How metric and label names outside the legacy character set ({@code [a-zA-Z_:][a-zA-Z0-9_:]*} for
 * metric names, no {@code :} in label names) are written. Legacy names are written as they are
 * under every scheme.
 */
public enum EscapingScheme {
  /** Names kept as UTF-8; a non-legacy name is double-quoted (and moved inside the braces). */
  ALLOW_UTF8("allow-utf-8"),
  /** Every invalid character becomes {@code _} (the default for every scrape). */
  UNDERSCORES("underscores"),
  /** {@code _} becomes {@code __}, {@code .} becomes {@code _dot_}, others {@code __}. */
  DOTS("dots"),
  /** Prefix {@code U__}, {@code _} becomes {@code __}, others {@code _<hex code point>_}. */
  VALUES("values");

  private static final EscapingScheme[] SCHEMES = values();

  private final String headerValue;

  EscapingScheme(String headerValue) {
    this.headerValue = headerValue;
  }

  /** The value of the {@code escaping} parameter in Accept and Content-Type headers. */
  public String headerValue() {
    return headerValue;
  }

  /**
   * The scheme named by an {@code escaping=} value (ASCII case-insensitive, surrounding whitespace
   * ignored), or null if unknown. Content negotiation answers an unknown value with {@link
   * #UNDERSCORES}, as the Python client does.
   */
  public static EscapingScheme fromHeaderValue(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    return fromHeaderValue(v, 0, v.length());
  }

  /** The same for {@code value[start, end)}, without copying it (negotiation runs per scrape). */
  static EscapingScheme fromHeaderValue(String value, int start, int end) {
    for (EscapingScheme s : SCHEMES) {
      if (equalsIgnoreAsciiCase(value, start, end, s.headerValue)) {
        return s;
      }
    }
    return null;
  }

  /** True if {@code value[start, end)} is {@code lower} (ASCII lower case) ignoring ASCII case. */
  private static boolean equalsIgnoreAsciiCase(String value, int start, int end, String lower) {
    if (end - start != lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = value.charAt(start + i);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
