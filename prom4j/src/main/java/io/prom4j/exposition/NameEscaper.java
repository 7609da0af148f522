package io.prom4j.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one implementation of metric and label name escaping, used by every writer.
 *
 * <p>Legacy-valid names ({@code [a-zA-Z_:][a-zA-Z0-9_:]*} for metric names, the same without {@code
 * :} for label names) are returned unchanged under every scheme: Go's rule. (Python's {@code dots}
 * would double the underscores of legacy names too; we deliberately do not, so a legacy name never
 * changes with the negotiated scheme.) Other names, per scheme, code point by code point:
 *
 * <ul>
 *   <li>{@code underscores}: an invalid code point (a leading digit included) becomes {@code _};
 *   <li>{@code dots}: {@code _} becomes {@code __}, {@code .} becomes {@code _dot_}, another
 *       invalid code point {@code __};
 *   <li>{@code values}: prefix {@code U__}, {@code _} becomes {@code __}, an invalid code point
 *       {@code _<lower-case hex>_}, a lone surrogate {@code _FFFD_};
 *   <li>{@code allow-utf-8}: the name is kept and written double-quoted (see {@link #quoted}).
 * </ul>
 *
 * The empty name stays empty.
 */
final class NameEscaper {

  private NameEscaper() {}

  /** True if {@code name} is a legacy-valid metric name. */
  static boolean isLegacyMetricName(String name) {
    return isLegacy(name, true);
  }

  /** True if {@code name} is a legacy-valid label name. */
  static boolean isLegacyLabelName(String name) {
    return isLegacy(name, false);
  }

  private static boolean isLegacy(String name, boolean colonAllowed) {
    int n = name.length();
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!isLegacyChar(name.charAt(i), i, colonAllowed)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLegacyChar(int c, int index, boolean colonAllowed) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || (c == ':' && colonAllowed)
        || (c >= '0' && c <= '9' && index > 0);
  }

  /** The metric name as {@code scheme} writes it, unquoted (allow-utf-8 keeps it as it is). */
  static String escapeMetricName(String name, EscapingScheme scheme) {
    return escape(name, scheme, true);
  }

  /** The label name as {@code scheme} writes it, unquoted (allow-utf-8 keeps it as it is). */
  static String escapeLabelName(String name, EscapingScheme scheme) {
    return escape(name, scheme, false);
  }

  private static String escape(String name, EscapingScheme scheme, boolean metric) {
    if (name.isEmpty() || scheme == EscapingScheme.ALLOW_UTF8 || isLegacy(name, metric)) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length() + 8);
    if (scheme == EscapingScheme.VALUES) {
      sb.append("U__");
    }
    int index = 0;
    for (int i = 0; i < name.length(); index++) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      boolean valid = isLegacyChar(cp, index, metric);
      switch (scheme) {
        case UNDERSCORES -> sb.append(valid ? (char) cp : '_');
        case DOTS -> {
          if (cp == '_') {
            sb.append("__");
          } else if (cp == '.') {
            sb.append("_dot_");
          } else {
            sb.append(valid ? String.valueOf((char) cp) : "__");
          }
        }
        case VALUES -> {
          if (cp == '_') {
            sb.append("__");
          } else if (valid) {
            sb.append((char) cp);
          } else if (Character.isSurrogate((char) cp)) {
            sb.append("_FFFD_"); // a lone surrogate is not a code point: Go's invalid-UTF-8 rule
          } else {
            sb.append('_').append(Integer.toHexString(cp)).append('_');
          }
        }
        default -> throw new AssertionError(scheme);
      }
    }
    return sb.toString();
  }

  /**
   * The name double-quoted for allow-utf-8 output, as UTF-8, escaped as label values are ({@link
   * ByteWriter#QUOTED}: {@code \}, line feed and {@code "}): {@code "my.metric"}.
   */
  static byte[] quoted(String name) {
    byte[] b = new byte[3 * name.length() + 2];
    b[0] = '"';
    int p = ByteWriter.string(b, 1, name, ByteWriter.QUOTED);
    b[p++] = '"';
    return Arrays.copyOf(b, p);
  }

  /**
   * The metric name, as UTF-8, as it appears in a {@code # HELP}/{@code # TYPE} line or as a bare
   * sample name under {@code scheme}: escaped, or quoted when allow-utf-8 keeps a non-legacy name.
   */
  static byte[] metricNameToken(String name, EscapingScheme scheme) {
    if (scheme == EscapingScheme.ALLOW_UTF8 && !isLegacyMetricName(name)) {
      return quoted(name);
    }
    return escapeMetricName(name, scheme).getBytes(StandardCharsets.UTF_8);
  }

  /** The label name, as UTF-8, as it appears before {@code =} under {@code scheme}. */
  static byte[] labelNameToken(String name, EscapingScheme scheme) {
    if (scheme == EscapingScheme.ALLOW_UTF8 && !isLegacyLabelName(name)) {
      return quoted(name);
    }
    return escapeLabelName(name, scheme).getBytes(StandardCharsets.UTF_8);
  }
}
