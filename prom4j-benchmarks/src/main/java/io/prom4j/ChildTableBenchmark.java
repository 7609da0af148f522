package io.prom4j;

import io.prom4j.model.Labels;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A/B of the child lookup behind {@code labels(a, b)}: {@link ChildTable}'s fixed-arity {@code
 * get(a, b)} (no key object) against a {@link ConcurrentHashMap} keyed by the label values, which
 * needs a key per lookup ({@code List.of(a, b)}). Each operation looks up one existing child,
 * cycling through all of them. Run with the GC profiler (RunJmh adds it) for the bytes per lookup.
 *
 * <pre>{@code
 * java -cp prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunJmh \
 *     ChildTableBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChildTableBenchmark {

  /** The lookup structure: {@code ChildTable} (production) or {@code ConcurrentHashMap}. */
  @Param({"ChildTable", "ConcurrentHashMap"})
  public String table;

  /** Number of children (label value pairs). */
  @Param({"1000"})
  public int children;

  private boolean useChildTable;
  private static final String[] NAMES = {"method", "path"};

  /** A child as the table holds it: keyed by its labels. */
  private static final class Child extends Keyed {
    Child(String[] values) {
      super(Labels.of(NAMES, values));
    }
  }

  private ChildTable<Child> childTable;
  private ConcurrentHashMap<List<String>, Object> map;
  private String[] first;
  private String[] second;
  private int next;

  @Setup
  public void setUp() {
    childTable = new ChildTable<>(NAMES, null);
    map = new ConcurrentHashMap<>();
    first = new String[children];
    second = new String[children];
    for (int i = 0; i < children; i++) {
      // fresh Strings, as a caller's label values are: equal, not identical, to the stored ones
      first[i] = new String("GET" + (i % 7));
      second[i] = new String("/api/v1/resource/" + i);
      Child child =
          childTable.computeIfAbsent(
              new String[] {"GET" + (i % 7), "/api/v1/resource/" + i}, Child::new);
      map.put(List.of("GET" + (i % 7), "/api/v1/resource/" + i), child);
    }
    if (!table.equals("ChildTable") && !table.equals("ConcurrentHashMap")) {
      throw new IllegalArgumentException("table must be ChildTable or ConcurrentHashMap: " + table);
    }
    useChildTable = table.equals("ChildTable");
  }

  @Benchmark
  public Object lookup() {
    int i = next;
    next = i + 1 == children ? 0 : i + 1;
    return useChildTable
        ? childTable.get(first[i], second[i])
        : map.get(List.of(first[i], second[i]));
  }
}
