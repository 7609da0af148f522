package io.prom4j;

import io.prom4j.model.Exemplar;

/**
 * The exemplar kept for one classic bucket or one of a native histogram's few places: a single
 * volatile reference to an immutable {@link Exemplar}, as client_golang keeps one in an {@code
 * atomic.Value}. A counter series keeps the same in a volatile field of its own, without the slot
 * object, and follows the same rules.
 *
 * <p>Implementation notes: writers replace the whole exemplar (last writer wins, no lock); a reader
 * sees either the old or the new one, never a mix. The slot is written after the update it
 * describes has been counted, so a scrape that reads the slot before the counts never shows an
 * exemplar of an observation it does not count.
 */
final class ExemplarSlot {
  private volatile Exemplar exemplar;

  /** The kept exemplar, or null. */
  Exemplar get() {
    return exemplar;
  }

  /** Keeps {@code e}, replacing what was there. */
  void set(Exemplar e) {
    exemplar = e;
  }

  /**
   * True if an automatic exemplar may replace the kept one at {@code now} (seconds since the
   * epoch): the slot is empty or its exemplar is at least {@code minRetention} seconds old.
   */
  boolean replaceable(double now, double minRetention) {
    return replaceable(exemplar, now, minRetention);
  }

  /** {@link #replaceable(double, double)} for a kept exemplar {@code e} (null: none). */
  static boolean replaceable(Exemplar e, double now, double minRetention) {
    return e == null || !(now - e.timestamp() < minRetention);
  }
}
