package io.prom4j.internal;

import io.prom4j.model.Labels;
import java.util.Objects;

/**
 * The exposition writers' cache slot in each {@link Labels}: a series' labels are escaped and UTF-8
 * encoded once in its life instead of on every scrape. The slot is a private field of {@code
 * Labels}; this class passes its accessor from {@code io.prom4j.model} to {@code
 * io.prom4j.exposition} without making it public API (this package is not exported by the module).
 *
 * <p>A deliberate cycle: {@code Labels} registers its accessor here from its static initializer,
 * and this class names {@code Labels}. The alternative, a public cache field on a public model
 * type, would put a writer's detail into the API.
 */
public final class LabelsCache {

  /** Reads and writes the cache slot of a {@link Labels}. */
  public interface Access {
    /** The cached value, or null; an acquire read. */
    Object get(Labels labels);

    /**
     * Replaces the cached value; a release store, so whoever reads the value sees what the writer
     * wrote before (an array's contents), without a final-field wrapper.
     */
    void set(Labels labels, Object value);
  }

  private static volatile Access access;

  private LabelsCache() {}

  /**
   * Called once by {@link Labels}' static initializer.
   *
   * @throws IllegalStateException if the accessor is set already: nobody else may replace it
   * @throws NullPointerException if {@code access} is null
   */
  public static synchronized void setAccess(Access access) {
    Objects.requireNonNull(access, "access");
    if (LabelsCache.access != null) {
      throw new IllegalStateException(
          "the labels cache access is set already: only Labels' static initializer sets it, once");
    }
    LabelsCache.access = access;
  }

  /** The accessor; initializes {@link Labels} if it was not yet. */
  public static Access access() {
    Access a = access;
    if (a == null) {
      Labels.EMPTY.size(); // forces Labels' static initializer, which registers the accessor
      a = access;
    }
    return a;
  }
}
