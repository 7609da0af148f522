package io.prom4j.internal;

import io.prom4j.model.Labels;
import java.util.Objects;

/**
 * The trusted path into {@link Labels} for prom4j's own metrics: a labelled metric's children share
 * one array of label names (sorted and checked once, by the metric's builder) and each keeps one
 * array of values, which its metric's child table keys on too, instead of three copies per series.
 *
 * <p>A deliberate cycle, as {@link LabelsCache}: {@code Labels} registers its factory here from its
 * static initializer, and this class names {@code Labels}. The alternative, a public factory that
 * does not copy its arrays, would let a caller change a {@code Labels} after the fact.
 */
public final class TrustedLabels {

  /** Creates a {@link Labels} around the arrays it is given, without copying or checking them. */
  public interface Factory {
    /**
     * Labels of these names and values.
     *
     * @param names sorted, unique, non-empty, and never changed by anyone afterwards
     * @param values as many as names, non-null, in the names' order, never changed afterwards
     */
    Labels create(String[] names, String[] values);
  }

  private static volatile Factory factory;

  private TrustedLabels() {}

  /**
   * Called once by {@link Labels}' static initializer.
   *
   * @throws IllegalStateException if the factory is set already: nobody else may replace it
   * @throws NullPointerException if {@code factory} is null
   */
  public static synchronized void setFactory(Factory factory) {
    Objects.requireNonNull(factory, "factory");
    if (TrustedLabels.factory != null) {
      throw new IllegalStateException(
          "the trusted labels factory is set already: only Labels' static initializer sets it,"
              + " once");
    }
    TrustedLabels.factory = factory;
  }

  /** The factory; initializes {@link Labels} if it was not yet. */
  public static Factory factory() {
    Factory f = factory;
    if (f == null) {
      Labels.EMPTY.size(); // forces Labels' static initializer, which registers the factory
      f = factory;
    }
    return f;
  }
}
