package io.prom4j.push;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The path of a Pushgateway group, {@code /metrics/job/<job>{/<label>/<value>}}, with the job and
 * grouping key validated before anything is sent.
 *
 * <p>Encoding, per the Pushgateway's README ("API", "URL"): a value that is empty or contains
 * {@code /} is sent in the {@code @base64} form ({@code <name>@base64/<value>}, RFC 4648 URL-safe
 * alphabet, padded, so an empty value is {@code =}); so are {@code .} and {@code ..}, which the
 * gateway's router would otherwise resolve as path segments. Every other value is percent-encoded
 * (UTF-8), which the gateway decodes. Labels are written in name order, so a key always gives the
 * same path.
 */
final class GroupingKey {

  static final String BASE64_SUFFIX = "@base64";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private GroupingKey() {}

  /**
   * The group's path below the gateway's base path.
   *
   * @throws IllegalArgumentException for an empty job, or a label name that is not a legacy
   *     Prometheus name, starts with {@code __} or is {@code job}
   * @throws NullPointerException for a null job, key, label name or value
   */
  static String path(String job, Map<String, String> groupingKey) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(groupingKey, "groupingKey");
    if (job.isEmpty()) {
      throw new IllegalArgumentException(
          "job must not be empty: the Pushgateway requires a job name");
    }
    checkUnicode("job", job);
    StringBuilder path = new StringBuilder("/metrics");
    appendPair(path, "job", job);
    // TreeMap: name order, and a null name fails here (Map.of and HashMap allow no duplicates)
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : groupingKey.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "grouping key label name");
      String value = e.getValue();
      if (value == null) {
        throw new NullPointerException("grouping key value of label " + name + " is null");
      }
      checkLabelName(name);
      checkUnicode("grouping key value of label " + name, value);
      sorted.put(name, value);
    }
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      appendPair(path, e.getKey(), e.getValue());
    }
    return path.toString();
  }

  /**
   * Checks a grouping key label name: what the Pushgateway accepts by default (legacy names, no
   * {@code __} prefix), and not {@code job}, which is the job argument.
   */
  static void checkLabelName(String name) {
    if (!isLegacyName(name)) {
      throw new IllegalArgumentException(
          "grouping key label name must match [a-zA-Z_][a-zA-Z0-9_]*"
              + " (the names a Pushgateway accepts by default): \""
              + name
              + "\"");
    }
    if (name.startsWith("__")) {
      throw new IllegalArgumentException(
          "grouping key label name must not start with __ (reserved for internal use): " + name);
    }
    if (name.equals("job")) {
      throw new IllegalArgumentException(
          "grouping key must not contain the label job: the job is its own argument");
    }
  }

  /** Rejects an unpaired surrogate, which has no UTF-8 encoding (it would be sent as '?'). */
  private static void checkUnicode(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what
                + " must be valid Unicode: unpaired surrogate U+"
                + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                + " at index "
                + i);
      }
    }
  }

  private static boolean isLegacyName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static void appendPair(StringBuilder path, String name, String value) {
    path.append('/').append(name);
    if (needsBase64(value)) {
      String encoded =
          Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
      // an empty value encodes to nothing: one '=' keeps the segment (the README requires it)
      path.append(BASE64_SUFFIX).append('/').append(encoded.isEmpty() ? "=" : encoded);
    } else {
      path.append('/');
      percentEncode(path, value);
    }
  }

  /** Empty, a {@code /}, or a dot segment: values a plain path segment cannot carry. */
  static boolean needsBase64(String value) {
    return value.isEmpty() || value.indexOf('/') >= 0 || value.equals(".") || value.equals("..");
  }

  /** RFC 3986: unreserved characters as they are, every other UTF-8 byte as {@code %XX}. */
  private static void percentEncode(StringBuilder out, String value) {
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }
}
