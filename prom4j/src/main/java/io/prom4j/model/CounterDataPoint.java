package io.prom4j.model;

/** A counter series: a non-negative, non-decreasing total. */
public interface CounterDataPoint extends DataPoint {
  /** The total. */
  double value();

  /** When the counter was created or reset, in seconds since the epoch; NaN if unknown. */
  default double created() {
    return Double.NaN;
  }

  /** An exemplar of the last increment, or null. */
  default Exemplar exemplar() {
    return null;
  }

  /** An immutable counter point without created time or exemplar. */
  static CounterDataPoint of(Labels labels, double value) {
    return new Points.Counter(labels, value, Double.NaN, null);
  }

  /** An immutable counter point; {@code created} NaN and {@code exemplar} null mean absent. */
  static CounterDataPoint of(Labels labels, double value, double created, Exemplar exemplar) {
    return new Points.Counter(labels, value, created, exemplar);
  }
}
