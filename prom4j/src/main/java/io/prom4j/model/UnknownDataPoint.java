package io.prom4j.model;

/** A series of unknown type ({@code untyped} in the Prometheus text format). */
public interface UnknownDataPoint extends DataPoint {
  /** The value. */
  double value();

  /** An immutable point. */
  static UnknownDataPoint of(Labels labels, double value) {
    return new Points.Unknown(labels, value);
  }
}
