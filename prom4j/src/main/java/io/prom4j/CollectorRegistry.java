package io.prom4j;

import io.prom4j.model.MetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A set of collectors that are scraped together.
 *
 * <p>PLACEHOLDER: registration, collection and the name filter work; duplicate detection and
 * {@code getSampleValue} are being completed.
 */
public class CollectorRegistry {

  private final List<Collector> collectors = new CopyOnWriteArrayList<>();

  /** An empty registry. */
  public CollectorRegistry() {}

  /** The registry that metrics register in when no other is named. */
  public static CollectorRegistry defaultRegistry() {
    return DefaultRegistry.INSTANCE;
  }

  /** Adds a collector. */
  public void register(Collector collector) {
    collectors.add(Objects.requireNonNull(collector, "collector"));
  }

  /** Removes a collector; does nothing if it is not registered. */
  public void unregister(Collector collector) {
    collectors.remove(collector);
  }

  /** Every family of every collector, in registration order. */
  public List<MetricFamily> collect() {
    List<MetricFamily> out = new ArrayList<>();
    for (Collector c : collectors) {
      out.addAll(c.collect());
    }
    return out;
  }

  /**
   * The families whose name or one of whose sample names is in {@code names} (the
   * {@code name[]} filter); all families if {@code names} is empty.
   */
  public List<MetricFamily> collect(Set<String> names) {
    List<MetricFamily> all = collect();
    if (names.isEmpty()) {
      return all;
    }
    List<MetricFamily> out = new ArrayList<>();
    for (MetricFamily f : all) {
      if (names.contains(f.name()) || f.sampleNames().stream().anyMatch(names::contains)) {
        out.add(f);
      }
    }
    return out;
  }
}
