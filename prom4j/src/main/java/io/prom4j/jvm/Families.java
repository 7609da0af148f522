package io.prom4j.jvm;

import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.Arrays;
import java.util.List;

/** Small factories for the families the default collectors build at every scrape. */
final class Families {
  private Families() {}

  /** An unlabelled gauge family with one point. */
  static MetricFamily gauge(String name, String help, String unit, double value) {
    return new MetricFamily(
        name, help, MetricType.GAUGE, unit, List.of(GaugeDataPoint.of(Labels.EMPTY, value)));
  }

  /** An unlabelled counter family with one point; {@code name} may end in {@code _total}. */
  static MetricFamily counter(String name, String help, String unit, double value) {
    return new MetricFamily(
        name, help, MetricType.COUNTER, unit, List.of(CounterDataPoint.of(Labels.EMPTY, value)));
  }

  /**
   * A family of the given points; the first {@code count} entries of {@code points} are used. The
   * array is copied, so callers may size it for the worst case.
   */
  static MetricFamily of(
      String name, String help, MetricType type, String unit, DataPoint[] points, int count) {
    List<DataPoint> list =
        count == points.length ? List.of(points) : List.of(Arrays.copyOf(points, count));
    return new MetricFamily(name, help, type, unit, list);
  }

  /** One {@code name=value} label set per value, built once at construction. */
  static Labels[] labels(String name, String[] values) {
    Labels[] out = new Labels[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Labels.of(name, values[i]);
    }
    return out;
  }
}
