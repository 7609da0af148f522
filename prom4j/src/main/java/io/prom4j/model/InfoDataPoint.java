package io.prom4j.model;

/**
 * An info series: its labels carry the information, and its value is always 1. {@link #labels()}
 * holds the metric's own labels and the info labels together.
 */
public interface InfoDataPoint extends DataPoint {

  /** An immutable info point. */
  static InfoDataPoint of(Labels labels) {
    return new Points.Info(labels);
  }
}
