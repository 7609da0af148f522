package io.prom4j.model;

/** A gauge series: a value that goes up and down. */
public interface GaugeDataPoint extends DataPoint {
  /** The current value. */
  double value();

  /** An immutable gauge point. */
  static GaugeDataPoint of(Labels labels, double value) {
    return new Points.Gauge(labels, value);
  }
}
