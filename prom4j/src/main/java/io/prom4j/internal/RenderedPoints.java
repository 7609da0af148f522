package io.prom4j.internal;

/**
 * A family's point list that keeps, for the text writers, what they rendered from it last: one slot
 * per text format. prom4j's own metrics hand their child lists to the exposition as lists of this
 * kind, so that a scrape can copy the lines of series whose values have not changed since the last
 * scrape instead of formatting them again. The list is immutable; only the slots change, each
 * holding an immutable value that the writers alone understand.
 */
public interface RenderedPoints {

  /** The slot of the Prometheus text format. */
  int TEXT = 0;

  /** The slot of OpenMetrics. */
  int OPENMETRICS = 1;

  /** The slot of protobuf. */
  int PROTOBUF = 2;

  /** The slot of the Prometheus text format with {@code _created} families. */
  int TEXT_CREATED = 3;

  /** The slot of OpenMetrics with {@code _created} samples. */
  int OPENMETRICS_CREATED = 4;

  /** The number of slots. */
  int SLOTS = 5;

  /** What a writer kept in {@code slot} (acquire), or null. */
  Object rendered(int slot);

  /** Keeps {@code value} (null to forget) in {@code slot} (release). */
  void rendered(int slot, Object value);
}
