package io.prom4j.internal;

/**
 * A family's point list that keeps, for the text writers, what they rendered from it last: one slot
 * per format. prom4j's own metrics hand their child lists (or, for histograms, lists of their
 * children's snapshots) to the exposition as lists of this kind, so that a scrape can copy the
 * lines of series that have not changed since the last scrape instead of formatting them again. The
 * list is immutable; only the slots change, each holding an immutable value that the writers alone
 * understand.
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

  /**
   * What this list's series are read from: the list itself, or the child list whose snapshots it
   * holds. Two lists with the same source hold the same series in the same order, so what was kept
   * for one is valid for the other wherever their points are the same (by identity).
   */
  default Object source() {
    return this;
  }

  /** The {@link #generation} of a list that cannot tell whether its series changed. */
  long UNTRACKED = -1;

  /**
   * A count that moves on whenever a series of this list may have changed since it was last called
   * for: if two calls return the same count, no update that ended before the second call changed a
   * series after the first. Read it before reading the series. {@link #UNTRACKED} (the default) if
   * the list cannot tell.
   *
   * <p>An update under way may have written its value and not yet moved the count, so a writer that
   * reads the series can see a value that another writer, trusting the count, would not: a writer
   * that is about to write a value other than the one it kept calls {@link #moveOn} first.
   */
  default long generation() {
    return UNTRACKED;
  }

  /**
   * Moves the {@link #generation} on, so that no writer serves what it kept at an earlier count:
   * called by a writer about to write series values it did not keep (changed since, or none kept),
   * before it writes them, with {@code read}, the count it read before reading the series. Returns
   * the count to keep what it writes at: the new count if no update marked one since {@code read},
   * else {@code read} (stale at once: the next writer reads the series again). The default, for an
   * untracked list, returns {@code read}.
   */
  default long moveOn(long read) {
    return read;
  }

  /** What a writer kept in {@code slot} (acquire), or null. */
  Object rendered(int slot);

  /** Keeps {@code value} (null to forget) in {@code slot} (release). */
  void rendered(int slot, Object value);
}
