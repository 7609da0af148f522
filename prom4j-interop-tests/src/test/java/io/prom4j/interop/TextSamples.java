package io.prom4j.interop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal reader of text-format samples ({@code name{label="value",...} value [timestamp]}), for
 * comparing what an exporter serves with what we wrote: comments are skipped, label values
 * unescaped ({@code \\}, {@code \"}, {@code \n}), and {@code le} and {@code quantile} values put in
 * one notation ({@link PushgatewayServer#canonical}).
 */
final class TextSamples {

  private TextSamples() {}

  /**
   * Every sample of {@code text}.
   *
   * @throws AssertionError on a line this reader does not understand
   */
  static Map<SeriesKey, Double> parse(String text) {
    Map<SeriesKey, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        i++;
      }
      String name = line.substring(0, i);
      Map<String, String> labels = new TreeMap<>();
      if (i < line.length() && line.charAt(i) == '{') {
        i++;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String label = line.substring(i, eq).strip();
          if (line.charAt(eq + 1) != '"') {
            throw new AssertionError("cannot read label " + label + " in: " + line);
          }
          StringBuilder value = new StringBuilder();
          int j = eq + 2;
          for (; line.charAt(j) != '"'; j++) {
            char c = line.charAt(j);
            if (c == '\\') {
              char n = line.charAt(++j);
              value.append(n == 'n' ? '\n' : n);
            } else {
              value.append(c);
            }
          }
          String v = value.toString();
          labels.put(
              label,
              label.equals("le") || label.equals("quantile") ? PushgatewayServer.canonical(v) : v);
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        i++;
      }
      String[] rest = line.substring(i).strip().split(" ");
      out.put(new SeriesKey(name, labels), PrometheusServer.parseValue(rest[0]));
    }
    return out;
  }

  /** {@code series} with every {@code le} and {@code quantile} value in one notation. */
  static Map<SeriesKey, Double> canonical(Map<SeriesKey, Double> series) {
    Map<SeriesKey, Double> out = new LinkedHashMap<>();
    series.forEach(
        (k, v) -> {
          Map<String, String> labels = new TreeMap<>(k.labels());
          labels.computeIfPresent("le", (l, x) -> PushgatewayServer.canonical(x));
          labels.computeIfPresent("quantile", (l, x) -> PushgatewayServer.canonical(x));
          out.put(new SeriesKey(k.name(), labels), v);
        });
    return out;
  }
}
