package io.prom4j.model;

/**
 * One series of a {@link MetricFamily}: its labels and its value(s).
 *
 * <p>The sub-interfaces give each metric type's values. prom4j's own metrics implement them on
 * their live children, so that collecting a counter of 10,000 series allocates nothing per series;
 * the values are read when the writer reaches the series. Custom collectors use the static {@code
 * of(...)} factories, which return immutable values.
 */
public interface DataPoint {
  /** The series' labels (not including {@code le}, {@code quantile} or a state label). */
  Labels labels();
}
