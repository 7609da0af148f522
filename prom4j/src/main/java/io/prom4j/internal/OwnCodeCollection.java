package io.prom4j.internal;

import io.prom4j.CollectorRegistry;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Whether collecting a {@link CollectorRegistry} runs prom4j's own code only (its metrics, no
 * custom collector), so that a scrape may collect it on the request's thread instead of handing the
 * collection to a collector thread it can give up on at the deadline. The check reads the
 * registry's private registrations; this class passes it from {@code io.prom4j} to {@code
 * io.prom4j.http} without making it public API (this package is not exported by the module).
 *
 * <p>A deliberate cycle, as in {@link LabelsCache}: {@code CollectorRegistry} registers its check
 * here from its static initializer, and this class names {@code CollectorRegistry}.
 */
public final class OwnCodeCollection {

  private static volatile Predicate<CollectorRegistry> check;

  private OwnCodeCollection() {}

  /**
   * Called once by {@link CollectorRegistry}'s static initializer.
   *
   * @throws IllegalStateException if the check is set already: nobody else may replace it
   * @throws NullPointerException if {@code check} is null
   */
  public static synchronized void setCheck(Predicate<CollectorRegistry> check) {
    Objects.requireNonNull(check, "check");
    if (OwnCodeCollection.check != null) {
      throw new IllegalStateException(
          "the own-code check is set already: only CollectorRegistry's static initializer sets"
              + " it, once");
    }
    OwnCodeCollection.check = check;
  }

  /**
   * True if collecting {@code registry} now runs prom4j's own code only. A collector registered
   * after this answer may still be called by a collection that follows it.
   */
  public static boolean of(CollectorRegistry registry) {
    // The registry exists, so its static initializer has run and set the check.
    return check.test(registry);
  }
}
