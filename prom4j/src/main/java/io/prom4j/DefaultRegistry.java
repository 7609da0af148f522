package io.prom4j;

import io.prom4j.jvm.JvmMetrics;

/**
 * Holds the default registry, created on first use with the default JVM and process collectors
 * ({@link JvmMetrics#defaults()}). {@code new CollectorRegistry()} starts empty.
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
