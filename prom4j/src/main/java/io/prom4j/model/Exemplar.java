package io.prom4j.model;

import java.util.Objects;

/**
 * An exemplar: a sample observation with its own labels (typically a trace id).
 *
 * @param labels the exemplar's labels; their names and values together may not exceed 128 code
 *     points (OpenMetrics)
 * @param value the observed value
 * @param timestamp when it was observed, in seconds since the epoch; NaN if not known
 */
public record Exemplar(Labels labels, double value, double timestamp) {
  /** The OpenMetrics limit on the combined length of an exemplar's label names and values. */
  public static final int MAX_LABEL_CODE_POINTS = 128;

  /**
   * @throws IllegalArgumentException if the labels exceed 128 code points together
   */
  public Exemplar {
    Objects.requireNonNull(labels, "labels");
    int length = 0;
    for (int i = 0; i < labels.size(); i++) {
      length += labels.name(i).codePointCount(0, labels.name(i).length());
      length += labels.value(i).codePointCount(0, labels.value(i).length());
    }
    if (length > MAX_LABEL_CODE_POINTS) {
      throw new IllegalArgumentException(
          "exemplar labels have "
              + length
              + " code points, more than the limit of "
              + MAX_LABEL_CODE_POINTS
              + ": "
              + labels);
    }
  }
}
