package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.fail;

import io.prom4j.Collector;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.Sample;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Test helpers: find families and sample values in a collector's output; poll with a deadline. */
final class Scrapes {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Pause between two attempts of {@link #await}. */
  private static final long POLL_PAUSE_NANOS = 20_000_000;

  private Scrapes() {}

  /** The family named {@code name} (family name, without sample suffixes), or null. */
  static MetricFamily family(List<MetricFamily> families, String name) {
    for (MetricFamily f : families) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** The value of the sample {@code sampleName} with exactly these labels, or null. */
  static Double value(List<MetricFamily> families, String sampleName, String... labels) {
    Labels wanted = Labels.of(labels);
    for (MetricFamily f : families) {
      for (Sample s : f.samples()) {
        if (s.name().equals(sampleName) && s.labels().equals(wanted)) {
          return s.value();
        }
      }
    }
    return null;
  }

  /** Collects once and returns the sample's value, or null. */
  static Double value(Collector c, String sampleName, String... labels) {
    return value(c.collect(), sampleName, labels);
  }

  /** The sorted label names used by the family's points. */
  static TreeSet<String> labelNames(MetricFamily f) {
    TreeSet<String> names = new TreeSet<>();
    for (DataPoint p : f.points()) {
      names.addAll(p.labels().asMap().keySet());
    }
    return names;
  }

  /** The values of one label across the family's points, sorted. */
  static TreeSet<String> labelValues(MetricFamily f, String label) {
    TreeSet<String> values = new TreeSet<>();
    for (DataPoint p : f.points()) {
      values.add(p.labels().get(label));
    }
    return values;
  }

  /**
   * Re-evaluates {@code condition} until it holds, failing after 30 seconds. Attempts are {@link
   * #POLL_PAUSE_NANOS} apart: an attempt may run a GC or a scrape, and back-to-back attempts would
   * keep a core busy for nothing.
   */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not within " + TIMEOUT + ": " + what);
      }
      LockSupport.parkNanos(POLL_PAUSE_NANOS);
    }
  }
}
