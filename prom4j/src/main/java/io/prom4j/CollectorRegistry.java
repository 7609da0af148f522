package io.prom4j;

import io.prom4j.internal.OwnCodeCollection;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of collectors that are scraped together (Python's {@code CollectorRegistry}).
 *
 * <pre>{@code
 * CollectorRegistry registry = new CollectorRegistry();
 * Counter jobs = Counter.builder().name("jobs").help("Jobs.").register(registry);
 * jobs.inc();
 * registry.getSampleValue("jobs_total");   // 1.0
 * }</pre>
 *
 * <p>Each collector's names are taken from {@link Collector#describe()} when it is registered:
 * every family reserves its name and its sample names ({@link MetricFamily#sampleNames()}: counter
 * {@code c} reserves {@code c}, {@code c_total} and {@code c_created}; histogram {@code h} reserves
 * {@code h}, {@code h_bucket}, {@code h_count}, {@code h_sum} and {@code h_created}; info {@code i}
 * reserves {@code i} and {@code i_info}). A collector that reserves a name already taken is
 * refused, so that no two collectors expose the same series.
 *
 * <p>Implementation notes: registrations are copy-on-write under a lock; {@link #collect()} reads
 * the current array of registrations without locking.
 */
public class CollectorRegistry {

  static {
    OwnCodeCollection.setCheck(CollectorRegistry::collectsOwnCodeOnly);
  }

  private final Object lock = new Object();
  private volatile Registration[] registrations = new Registration[0];
  private int lastCollected; // families the last collect() gave: a size hint, racy on purpose
  // Guarded by lock: every reserved name and the collector that reserved it.
  private final Map<String, Collector> owners = new HashMap<>();

  /** An empty registry. */
  public CollectorRegistry() {}

  /** The registry that metrics register in when no other is named, shared by the whole JVM. */
  public static CollectorRegistry defaultRegistry() {
    return DefaultRegistry.INSTANCE;
  }

  /**
   * Adds a collector; its families are collected after those of collectors registered earlier.
   *
   * @throws IllegalArgumentException if the collector is already registered here, or one of its
   *     names is reserved by another collector: {@code Duplicated timeseries in CollectorRegistry:
   *     [c_total]}
   * @throws NullPointerException if {@code collector} is null
   */
  public void register(Collector collector) {
    Objects.requireNonNull(collector, "collector");
    Set<String> names = names(collector);
    synchronized (lock) {
      for (Registration r : registrations) {
        if (r.collector == collector) {
          throw new IllegalArgumentException(
              "collector is already registered in this registry: " + collector);
        }
      }
      Set<String> duplicates = new TreeSet<>();
      for (String name : names) {
        if (owners.containsKey(name)) {
          duplicates.add(name);
        }
      }
      if (!duplicates.isEmpty()) {
        throw new IllegalArgumentException(
            "Duplicated timeseries in CollectorRegistry: " + duplicates);
      }
      for (String name : names) {
        owners.put(name, collector);
      }
      Registration[] old = registrations;
      Registration[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = new Registration(collector, names);
      registrations = grown;
    }
  }

  /**
   * Removes a collector and frees its names; does nothing if it is not registered.
   *
   * @throws NullPointerException if {@code collector} is null
   */
  public void unregister(Collector collector) {
    Objects.requireNonNull(collector, "collector");
    synchronized (lock) {
      Registration[] old = registrations;
      for (int i = 0; i < old.length; i++) {
        if (old[i].collector == collector) {
          for (String name : old[i].names) {
            owners.remove(name);
          }
          Registration[] shrunk = new Registration[old.length - 1];
          System.arraycopy(old, 0, shrunk, 0, i);
          System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
          registrations = shrunk;
          return;
        }
      }
    }
  }

  /** Every family of every collector, in registration order. */
  public List<MetricFamily> collect() {
    Registration[] all = registrations;
    // Sized for the last scrape's families, each added on its own: addAll would copy each
    // collector's list into an array first.
    List<MetricFamily> out = new ArrayList<>(Math.max(all.length, lastCollected));
    for (Registration r : all) {
      for (MetricFamily f : r.collector.collect()) {
        out.add(f);
      }
    }
    lastCollected = out.size();
    return out;
  }

  /**
   * The families whose name or one of whose sample names is in {@code names} (the {@code name[]}
   * filter), whole and in registration order; every family if {@code names} is empty. Collectors
   * none of whose registered names is in {@code names} are not called; collectors that registered
   * no names are called and their families filtered.
   *
   * @throws NullPointerException if {@code names} is null
   */
  public List<MetricFamily> collect(Set<String> names) {
    Objects.requireNonNull(names, "names");
    if (names.isEmpty()) {
      return collect();
    }
    List<MetricFamily> out = new ArrayList<>();
    for (Registration r : registrations) {
      if (!r.names.isEmpty() && !r.reservesAny(names)) {
        continue;
      }
      for (MetricFamily f : r.collector.collect()) {
        if (names.contains(f.name()) || containsAny(names, f.sampleNames())) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /**
   * The value of the sample with this name and no labels, or null if there is none (Python's {@code
   * get_sample_value}; meant for tests).
   *
   * @param name a sample name, with its suffix: {@code requests_total}, {@code h_bucket}
   */
  public Double getSampleValue(String name) {
    return getSampleValue(name, Map.of());
  }

  /**
   * The value of the sample with this name and exactly these labels, or null if there is none
   * (Python's {@code get_sample_value}; meant for tests).
   *
   * <pre>{@code
   * registry.getSampleValue("myapp_requests_total", Map.of("method", "GET", "code", "200"));
   * registry.getSampleValue("latency_seconds_bucket", Map.of("le", "0.5"));
   * }</pre>
   *
   * @param name a sample name, with its suffix
   * @param labels the sample's labels, including {@code le} or {@code quantile} in canonical form
   *     ({@code 1.0}, {@code +Inf}) or a state set's state label
   */
  public Double getSampleValue(String name, Map<String, String> labels) {
    Objects.requireNonNull(name, "name");
    Labels wanted = Labels.of(Objects.requireNonNull(labels, "labels"));
    for (MetricFamily f : collect(Set.of(name))) {
      for (Sample s : f.samples()) {
        if (s.name().equals(name) && s.labels().equals(wanted)) {
          return s.value();
        }
      }
    }
    return null;
  }

  private static Set<String> names(Collector collector) {
    Set<String> names = new LinkedHashSet<>();
    for (MetricFamily f : collector.describe()) {
      names.add(f.name());
      names.addAll(f.sampleNames());
    }
    return Set.copyOf(names);
  }

  private static boolean containsAny(Set<String> names, List<String> candidates) {
    for (String c : candidates) {
      if (names.contains(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True if collecting this registry now runs prom4j's own code only: it is not a subclass (whose
   * {@code collect} could be anything) and every collector is one of prom4j's metrics (a sealed
   * class), whose collection copies its children and cannot hang, so a scrape may run it on its own
   * thread. (A gauge function runs when the scrape writes its value, on the scrape's thread in any
   * case.)
   */
  private boolean collectsOwnCodeOnly() {
    if (getClass() != CollectorRegistry.class) {
      return false;
    }
    for (Registration r : registrations) {
      if (!(r.collector instanceof Metric<?>)) {
        return false;
      }
    }
    return true;
  }

  private record Registration(Collector collector, Set<String> names) {
    boolean reservesAny(Set<String> wanted) {
      for (String w : wanted) {
        if (names.contains(w)) {
          return true;
        }
      }
      return false;
    }
  }
}
