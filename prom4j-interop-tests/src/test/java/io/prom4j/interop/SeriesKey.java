package io.prom4j.interop;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A series' identity for comparisons: sample name and labels (sorted, values decoded), without the
 * {@code job} and {@code instance} labels Prometheus adds.
 *
 * @param name the sample name, for example {@code interop_requests_total}
 * @param labels the labels
 */
record SeriesKey(String name, Map<String, String> labels) {

  SeriesKey {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** A key from a name and alternating label names and values. */
  static SeriesKey of(String name, String... labelNamesAndValues) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelNamesAndValues.length; i += 2) {
      labels.put(labelNamesAndValues[i], labelNamesAndValues[i + 1]);
    }
    return new SeriesKey(name, labels);
  }

  @Override
  public String toString() {
    return name + labels;
  }
}
