package io.prom4j;

import io.prom4j.jvm.JvmMetrics;

/**
 * Holds the default registry, created on first use with the default JVM and process collectors
 * ({@link JvmMetrics#defaults()}). {@code new CollectorRegistry()} starts empty.
 *
 * <p>A deliberate cycle: this package imports {@code io.prom4j.jvm} here, and the JVM collectors
 * implement {@link Collector}. It gives the default registry the JVM metrics, as Python's has its
 * process and platform collectors; client_java avoids the cycle by keeping {@code Collector} and
 * the registry in its model module, which would move types a user touches first (see {@code
 * io.prom4j.internal}'s package notes for the other cycle).
 */
final class DefaultRegistry {
  static final CollectorRegistry INSTANCE = create();

  private DefaultRegistry() {}

  private static CollectorRegistry create() {
    CollectorRegistry registry = new CollectorRegistry();
    for (Collector c : JvmMetrics.defaults()) {
      registry.register(c);
    }
    return registry;
  }
}
