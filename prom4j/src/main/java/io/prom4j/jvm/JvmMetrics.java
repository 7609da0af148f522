package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.CollectorRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The default collectors: every JVM and process collector of this package, in the default registry
 * from its first use.
 *
 * <pre>{@code
 * // The same metrics in a registry of your own (new registries start empty):
 * CollectorRegistry registry = new CollectorRegistry();
 * JvmMetrics.register(registry);
 *
 * // Drop one collector from the default registry:
 * CollectorRegistry.defaultRegistry()
 *     .unregister(JvmMetrics.defaultCollector(JvmThreadsMetrics.class));
 *
 * // Drop them all:
 * JvmMetrics.defaults().forEach(CollectorRegistry.defaultRegistry()::unregister);
 * }</pre>
 *
 * <p>The collectors, in registration (and scrape) order: {@link JvmThreadsMetrics}, {@link
 * JvmBufferPoolMetrics}, {@link JvmClassLoadingMetrics}, {@link JvmCompilationMetrics}, {@link
 * JvmGarbageCollectorMetrics}, {@link JvmMemoryPoolAllocationMetrics}, {@link JvmMemoryMetrics},
 * {@link JvmRuntimeInfoMetrics}, {@link ProcessMetrics}.
 */
public final class JvmMetrics {
  private static final System.Logger LOG = System.getLogger(JvmMetrics.class.getName());

  private JvmMetrics() {}

  /** Created on first use, like the default registry that holds them. */
  private static final class Defaults {
    static final List<Collector> COLLECTORS = create();
  }

  /**
   * Registers a new instance of every collector of this package in {@code registry}. Either all are
   * registered or, if one clashes with a name already there, none is.
   *
   * @param registry the registry to add them to
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalArgumentException if the registry already has one of their names (for example,
   *     when called twice for one registry, or for the default registry)
   */
  public static void register(CollectorRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    List<Collector> collectors = create();
    List<Collector> done = new ArrayList<>(collectors.size());
    try {
      for (Collector c : collectors) {
        registry.register(c);
        done.add(c);
      }
    } catch (RuntimeException e) {
      done.forEach(registry::unregister);
      closeAll(collectors);
      throw e;
    }
  }

  /**
   * The collectors registered in {@link CollectorRegistry#defaultRegistry()}, in registration
   * order: an immutable list of the same instances, to unregister any of them.
   *
   * @return the default collectors
   */
  public static List<Collector> defaults() {
    return Defaults.COLLECTORS;
  }

  /**
   * The instance of {@code type} registered in the default registry.
   *
   * @param <T> the collector class
   * @param type the collector class, for example {@code JvmThreadsMetrics.class}
   * @return the default instance
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if {@code type} is not one of the default collectors
   */
  public static <T extends Collector> T defaultCollector(Class<T> type) {
    Objects.requireNonNull(type, "type");
    for (Collector c : Defaults.COLLECTORS) {
      if (c.getClass() == type) {
        return type.cast(c);
      }
    }
    throw new IllegalArgumentException(
        "type must be one of the default collectors of io.prom4j.jvm: " + type.getName());
  }

  private static List<Collector> create() {
    List<Collector> out = new ArrayList<>(9);
    add(out, JvmThreadsMetrics::new);
    add(out, JvmBufferPoolMetrics::new);
    add(out, JvmClassLoadingMetrics::new);
    add(out, JvmCompilationMetrics::new);
    add(out, JvmGarbageCollectorMetrics::new);
    add(out, JvmMemoryPoolAllocationMetrics::new);
    add(out, JvmMemoryMetrics::new);
    add(out, JvmRuntimeInfoMetrics::new);
    add(out, ProcessMetrics::new);
    return List.copyOf(out);
  }

  /**
   * Creates one collector. The default registry is created in a class initializer, so a JVM that
   * refuses a management bean must cost that collector only, not the library.
   */
  private static void add(List<Collector> out, Supplier<Collector> factory) {
    try {
      out.add(factory.get());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "prom4j: a default JVM collector is unavailable", e);
    }
  }

  private static void closeAll(List<Collector> collectors) {
    for (Collector c : collectors) {
      if (c instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Only the allocation listener is closeable, and it does not fail.
        }
      }
    }
  }
}
