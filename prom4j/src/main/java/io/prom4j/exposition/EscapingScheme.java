package io.prom4j.exposition;

import java.util.Locale;

/**
 * How metric and label names outside the legacy character set ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * for metric names, no {@code :} in label names) are written. Legacy names are written as they
 * are under every scheme.
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

  private final String headerValue;

  EscapingScheme(String headerValue) {
    this.headerValue = headerValue;
  }

  /** The value of the {@code escaping} parameter in Accept and Content-Type headers. */
  public String headerValue() {
    return headerValue;
  }

  /** The scheme named by an {@code escaping=} value (case-insensitive), or null if unknown. */
  public static EscapingScheme fromHeaderValue(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (EscapingScheme s : values()) {
      if (s.headerValue.equals(v)) {
        return s;
      }
    }
    return null;
  }
}
