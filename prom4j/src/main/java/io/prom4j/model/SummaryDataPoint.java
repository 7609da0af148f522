package io.prom4j.model;

import java.util.List;

/** A summary series: count and sum of observations, and optional quantiles. */
public interface SummaryDataPoint extends DataPoint {
  /** The number of observations. */
  long count();

  /** The sum of observations. */
  double sum();

  /** Quantile estimates, in increasing quantile order; empty if none are computed. */
  default List<Quantile> quantiles() {
    return List.of();
  }

  /** When the summary was created or reset, in seconds since the epoch; NaN if unknown. */
  default double created() {
    return Double.NaN;
  }

  /** An immutable summary point. */
  static SummaryDataPoint of(
      Labels labels, long count, double sum, List<Quantile> quantiles, double created) {
    return new Points.Summary(labels, count, sum, List.copyOf(quantiles), created);
  }
}
