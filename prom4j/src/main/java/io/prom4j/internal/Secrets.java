package io.prom4j.internal;

import io.prom4j.model.Labels;
import java.util.Objects;

/**
 * Access to package-private state across prom4j's own packages, without making it public API (this
 * package is not exported by the module).
 *
 * <p>Today this is one thing: the per-{@link Labels} cache of encoded label bytes that the
 * exposition writers keep, so that a series' labels are escaped and UTF-8 encoded once in its life
 * instead of on every scrape.
 */
public final class Secrets {

  /** Reads and writes the exposition cache slot of a {@link Labels}. */
  public interface LabelsAccess {
    /** The cached value, or null. */
    Object cache(Labels labels);

    /** Replaces the cached value. */
    void setCache(Labels labels, Object value);
  }

  private static volatile LabelsAccess labelsAccess;

  private Secrets() {}

  /**
   * Called once by {@link Labels}' static initializer.
   *
   * @throws IllegalStateException if the accessor is set already: nobody else may replace it
   * @throws NullPointerException if {@code access} is null
   */
  public static synchronized void setLabelsAccess(LabelsAccess access) {
    Objects.requireNonNull(access, "access");
    if (labelsAccess != null) {
      throw new IllegalStateException(
          "labelsAccess is set already: only Labels' static initializer sets it, once");
    }
    labelsAccess = access;
  }

  /** The accessor; initializes {@link Labels} if it was not yet. */
  public static LabelsAccess labels() {
    LabelsAccess a = labelsAccess;
    if (a == null) {
      Labels.EMPTY.size(); // forces Labels' static initializer, which registers the accessor
      a = labelsAccess;
    }
    return a;
  }
}
