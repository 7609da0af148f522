package io.prom4j.model;

/**
 * One quantile of a summary: {@code quantile} in [0, 1] and its estimated value.
 *
 * @param quantile the quantile, 0 to 1
 * @param value the estimate; NaN when there were no observations
 */
public record Quantile(double quantile, double value) {
  /**
   * @throws IllegalArgumentException if {@code quantile} is not in [0, 1]
   */
  public Quantile {
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1]: " + quantile);
    }
  }
}
