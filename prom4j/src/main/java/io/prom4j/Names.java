package io.prom4j;

import io.prom4j.internal.TrustedFamilies;
import io.prom4j.model.MetricType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Naming rules of the metric builders (the Python client's, in its default UTF-8 mode): how the
 * full name is formed and which metric and label names are rejected.
 */
final class Names {

  private Names() {}

  /**
   * {@code namespace_subsystem_name} (empty parts skipped), without a counter's trailing {@code
   * _total}, with {@code _<unit>} appended unless the name already ends with it.
   *
   * @throws IllegalArgumentException on an empty or invalid name, or a unit on a type that cannot
   *     have one
   */
  static String fullName(
      MetricType type, String namespace, String subsystem, String name, String unit) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "metric name must not be empty: set it with name(...)"
              + " (namespace \""
              + quote(namespace)
              + "\", subsystem \""
              + quote(subsystem)
              + "\")");
    }
    StringBuilder sb = new StringBuilder();
    if (!namespace.isEmpty()) {
      sb.append(namespace).append('_');
    }
    if (!subsystem.isEmpty()) {
      sb.append(subsystem).append('_');
    }
    String full = sb.append(name).toString();
    if (type == MetricType.COUNTER && full.endsWith("_total")) {
      full = full.substring(0, full.length() - "_total".length());
      if (full.isEmpty()) {
        throw new IllegalArgumentException(
            "counter name must not be empty once its _total suffix is removed: " + name);
      }
    }
    if (!unit.isEmpty() && !full.endsWith("_" + unit)) {
      full = full + "_" + unit;
    }
    checkUnicode("metric name", full);
    TrustedFamilies.checkUnit(type, full, unit); // full is valid Unicode, and so is its suffix unit
    return full;
  }

  /**
   * Checks a metric's label names: each valid, none repeated, none reserved for the type ({@code
   * le} on histograms, {@code quantile} on summaries, the metric's own name on state sets, whose
   * state label carries that name).
   *
   * @throws IllegalArgumentException naming the offending label name
   */
  static void checkLabelNames(MetricType type, String metricName, String[] labelNames) {
    Set<String> seen = new HashSet<>();
    for (String labelName : labelNames) {
      checkLabelName("label name", labelName);
      if (!seen.add(labelName)) {
        throw new IllegalArgumentException(
            "duplicate label name: " + quote(labelName) + " in " + Arrays.toString(labelNames));
      }
      if (type == MetricType.HISTOGRAM && labelName.equals("le")) {
        throw new IllegalArgumentException(
            "label name le is reserved for histogram buckets: le (histogram " + metricName + ")");
      }
      if (type == MetricType.SUMMARY && labelName.equals("quantile")) {
        throw new IllegalArgumentException(
            "label name quantile is reserved for summary"
                + " quantiles: quantile (summary "
                + metricName
                + ")");
      }
      if (type == MetricType.STATESET && labelName.equals(metricName)) {
        throw new IllegalArgumentException(
            "label name must differ from the stateset's name,"
                + " which labels its states: "
                + quote(labelName));
      }
    }
  }

  /**
   * Checks one label name: non-empty, valid Unicode, not starting with {@code __}.
   *
   * @param what how the message calls it ("label name", "info label name")
   * @throws IllegalArgumentException naming the offending name
   */
  static void checkLabelName(String what, String labelName) {
    if (labelName.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty: \"\"");
    }
    checkUnicode(what, labelName);
    if (labelName.startsWith("__")) {
      throw new IllegalArgumentException(
          what + " must not start with __ (reserved for internal use): " + labelName);
    }
  }

  /** Rejects a string with an unpaired surrogate: it cannot be encoded as UTF-8. */
  static void checkUnicode(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what
                + " must be valid Unicode, found an unpaired"
                + " surrogate at index "
                + i
                + ": \""
                + quote(s)
                + "\"");
      }
    }
  }

  /** The string with unpaired surrogates written as {@code \\uXXXX}, for messages. */
  static String quote(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (!pair && Character.isSurrogate(c)) {
        if (sb == null) {
          sb = new StringBuilder(s.substring(0, i));
        }
        sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
        continue;
      }
      if (sb != null) {
        sb.append(c);
        if (pair) {
          sb.append(s.charAt(i + 1));
        }
      }
      if (pair) {
        i++;
      }
    }
    return sb == null ? s : sb.toString();
  }
}
