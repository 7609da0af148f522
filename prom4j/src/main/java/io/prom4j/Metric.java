package io.prom4j;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.internal.TrustedFamilies;
import io.prom4j.internal.TrustedLabels;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What every metric type shares: its name, help, label names, and its children, one per set of
 * label values.
 *
 * <pre>{@code
 * Counter requests = Counter.builder().name("requests").help("Requests.")
 *     .labelNames("method").register();
 * requests.labels("GET").inc();
 * }</pre>
 *
 * <p>A metric built without label names has a single child, created with the metric and updated
 * through the metric's own methods ({@code counter.inc()}). A metric with label names has no child
 * until {@link #labels(String...)} creates one; until then it exposes only its help and type. A
 * metric is a {@link Collector}: it produces one family whose points are its children, in the order
 * they were created.
 *
 * <p>Implementation notes: children live in a {@code ChildTable}, whose lookups take no lock and
 * allocate nothing; {@code labels} with one to three values passes them without an array. Each type
 * keeps its unlabelled child in a final field, so a direct update costs one field read more than
 * the child's own update.
 *
 * @param <C> the child type: one series, with the type's update methods
 */
public abstract sealed class Metric<C> implements Collector
    permits Counter, Gauge, Histogram, Summary, Info, StateSet {

  private static final String[] NO_VALUES = new String[0];

  final MetricType type;
  final String name;
  final String help;
  final String unit;
  final String[] labelNames;
  final InstantSource clock;
  final ChildTable<C> children;
  private volatile List<MetricFamily> collected; // the last collect()'s, while still current

  private static final VarHandle GENERATION;

  static {
    try {
      GENERATION = MethodHandles.lookup().findVarHandle(Metric.class, "generation", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // What RenderedPoints.generation answers for the children: see changed().
  private volatile boolean tracked; // false: the writers read every series (a gauge function)
  // Even: the count a scrape last moved it to, no series changed since. Odd: a series changed.
  private volatile long generation = 1;

  /** The label names sorted, shared by every child's {@code Labels}; never exposed. */
  private final String[] sortedNames;

  private final List<MetricFamily> description;

  Metric(Builder<?, ?> builder, MetricType type) {
    this.type = type;
    this.name =
        Names.fullName(type, builder.namespace, builder.subsystem, builder.name, builder.unit);
    this.help = builder.help;
    this.unit = builder.unit;
    this.labelNames = builder.labelNames.clone();
    Names.checkLabelNames(type, name, labelNames);
    this.sortedNames = labelNames.clone();
    Arrays.sort(sortedNames);
    int[] position = new int[labelNames.length];
    for (int i = 0; i < labelNames.length; i++) {
      position[i] = Arrays.binarySearch(sortedNames, labelNames[i]);
    }
    boolean tracked = type == MetricType.COUNTER || type == MetricType.GAUGE;
    this.children = new ChildTable<>(sortedNames, position, tracked ? new Generation() : null);
    this.tracked = tracked;
    this.clock = builder.clock;
    this.description = List.of(family(List.of()));
  }

  /**
   * Called by a counter's or gauge's child after each update, last: marks that a series changed.
   *
   * <p>Implementation notes. This lets a scrape of a family whose series did not change write what
   * it kept without reading each series ({@link #generation}). The update pays a read of a field of
   * the metric, which it already holds (a counter reads its exemplar sampler next to it); the field
   * is written once per scrape that found it even, not once per update. The count is even while no
   * series changed since a scrape last moved it on, odd once one did; only an update turns it odd
   * and only a scrape turns it even, both by compare-and-set, so two scrapes at once cannot both
   * answer one count after an update between them. Why no change is missed: an update writes its
   * value (an atomic or volatile write) and then reads the count; a scrape moves the count on and
   * then reads the values. These are volatile accesses, so one of the two sees the other's write:
   * either the scrape reads the new value, or the update finds the count even and makes it odd, and
   * the next scrape moves it on.
   *
   * <p>Between its write and its mark an update is visible to a scrape that reads the series but
   * not to one that reads only the count: two scrapes at one count can read two values. A scrape
   * that read a value other than the one it kept therefore moves the count on ({@link #moveOn})
   * before it writes the value, so that no scrape after it writes lines kept from before that value
   * (a counter would go backwards from one format to another). An update whose compare-and-set lost
   * to a scrape moving the count on tries again while the count is even.
   */
  final void changed() {
    long g = generation;
    while ((g & 1) == 0 && !GENERATION.compareAndSet(this, g, g + 1)) {
      g = generation; // lost to another update (now odd: done) or to moveOn (even: again)
    }
  }

  /** From now on the writers read every series (a gauge whose value is a function). */
  final void untrack() {
    tracked = false;
  }

  /**
   * The count of {@link RenderedPoints#generation} (always even): moved on if a series changed
   * since the last call, {@link RenderedPoints#UNTRACKED} if untracked.
   */
  private long generation() {
    if (!tracked) {
      return RenderedPoints.UNTRACKED;
    }
    while (true) {
      long g = generation;
      if ((g & 1) == 0 || GENERATION.compareAndSet(this, g, g + 1)) {
        return (g + 1) & ~1L;
      }
    }
  }

  /**
   * Moves the count on, so that what any scrape kept at an earlier count is stale; returns the
   * count at which what a scrape read after reading {@code read} (from {@link #generation}) may be
   * kept. Called by a scrape that is about to write a value it found changed (see {@link
   * #changed}).
   *
   * <p>If the count is still {@code read}, it moves to {@code read + 2} and that is returned: no
   * update marked the count since {@code read}, so an update whose value the scrape missed has yet
   * to mark it, and its mark (retried after losing to this) makes {@code read + 2} stale. Else the
   * count moves to the next even value and {@code read} is returned: the rendering is stale at
   * once, and the next scrape reads the series again.
   */
  private long moveOn(long read) {
    if (!tracked) {
      return read;
    }
    if (GENERATION.compareAndSet(this, read, read + 2)) {
      return read + 2;
    }
    while (true) {
      long g = generation;
      if (GENERATION.compareAndSet(this, g, (g | 1) + 1)) {
        return read;
      }
    }
  }

  /** The count of changes the children's views answer with. */
  private final class Generation implements ChildTable.Changes {
    @Override
    public long generation() {
      return Metric.this.generation();
    }

    @Override
    public long moveOn(long read) {
      return Metric.this.moveOn(read);
    }
  }

  /** Creates the child for one set of labels. Called under the child table's lock. */
  abstract C newChild(Labels labels);

  /**
   * The points of the family for these children. By default the children themselves: the children
   * of Counter, Gauge, Summary and Info implement their data point interface, so a scrape allocates
   * nothing per series. Histogram and StateSet, whose children do not, override this with
   * snapshots.
   */
  @SuppressWarnings("unchecked") // C is a DataPoint wherever this is not overridden
  List<? extends DataPoint> points(List<C> children) {
    return (List<? extends DataPoint>) children;
  }

  /**
   * The child of an unlabelled metric, created now; null for a labelled metric. Subclasses call it
   * at the end of their constructor and keep the result in a final field.
   */
  final C initialChild() {
    return labelNames.length == 0 ? children.computeIfAbsent(NO_VALUES, this::create) : null;
  }

  /**
   * The unlabelled child passed in.
   *
   * @throws IllegalStateException if it is null: the metric has label names
   */
  final C direct(C unlabelled) {
    if (unlabelled == null) {
      throw new IllegalStateException(
          describeSelf()
              + " has label names "
              + Arrays.toString(labelNames)
              + ": update the child returned by labels(...)");
    }
    return unlabelled;
  }

  /**
   * The child for these label values, created on first use and the same instance afterwards; safe
   * to keep. Values are given in the order of the builder's label names.
   *
   * @throws IllegalArgumentException if the number of values differs from the number of label
   *     names, or the metric has no label names
   * @throws NullPointerException if a value is null
   */
  public final C labels(String... values) {
    Objects.requireNonNull(values, "label values");
    checkCount(values.length, values);
    for (int i = 0; i < values.length; i++) {
      requireValue(i, values[i]);
    }
    C child = children.get(values);
    return child != null ? child : children.computeIfAbsent(values, this::create);
  }

  /**
   * {@link #labels(String...)} for a metric with one label name; allocates nothing when the child
   * exists.
   *
   * @throws IllegalArgumentException if the metric does not have exactly one label name
   * @throws NullPointerException if the value is null
   */
  public final C labels(String value) {
    if (labelNames.length != 1) {
      checkCount(1, value);
    }
    requireValue(0, value);
    C child = children.get(value);
    return child != null ? child : children.computeIfAbsent(new String[] {value}, this::create);
  }

  /**
   * {@link #labels(String...)} for a metric with two label names; allocates nothing when the child
   * exists.
   *
   * @throws IllegalArgumentException if the metric does not have exactly two label names
   * @throws NullPointerException if a value is null
   */
  public final C labels(String value1, String value2) {
    if (labelNames.length != 2) {
      checkCount(2, value1, value2);
    }
    requireValue(0, value1);
    requireValue(1, value2);
    C child = children.get(value1, value2);
    return child != null
        ? child
        : children.computeIfAbsent(new String[] {value1, value2}, this::create);
  }

  /**
   * {@link #labels(String...)} for a metric with three label names; allocates nothing when the
   * child exists.
   *
   * @throws IllegalArgumentException if the metric does not have exactly three label names
   * @throws NullPointerException if a value is null
   */
  public final C labels(String value1, String value2, String value3) {
    if (labelNames.length != 3) {
      checkCount(3, value1, value2, value3);
    }
    requireValue(0, value1);
    requireValue(1, value2);
    requireValue(2, value3);
    C child = children.get(value1, value2, value3);
    return child != null
        ? child
        : children.computeIfAbsent(new String[] {value1, value2, value3}, this::create);
  }

  /**
   * Removes the child for these label values, so that it is no longer exposed; does nothing if
   * there is none. A removed child that is still referenced keeps working but is not exposed;
   * {@code labels(...)} creates a new one.
   *
   * @throws IllegalArgumentException if the number of values differs from the number of label
   *     names, or the metric has no label names
   * @throws NullPointerException if a value is null
   */
  public final void remove(String... values) {
    Objects.requireNonNull(values, "label values");
    checkCount(values.length, values);
    for (int i = 0; i < values.length; i++) {
      requireValue(i, values[i]);
    }
    children.remove(values);
  }

  /**
   * Removes every child; the metric then exposes only its help and type.
   *
   * @throws IllegalStateException if the metric has no label names (its one child cannot go)
   */
  public final void clear() {
    if (labelNames.length == 0) {
      throw new IllegalStateException(
          describeSelf() + " has no label names: clear() removes labelled children only");
    }
    children.clear();
  }

  /**
   * The family name: {@code namespace_subsystem_name} with the unit suffix, without a counter's
   * {@code _total} (the sample suffix).
   */
  public final String name() {
    return name;
  }

  /** The label names, in the order {@code labels(...)} takes their values. */
  public final List<String> labelNames() {
    return List.of(labelNames);
  }

  /**
   * One family with one point per child, in the order the children were created.
   *
   * <p>Implementation note: while the points are the same list as at the last call (the children
   * did not change; a histogram's snapshots are all the same), the last call's family is returned
   * again, so that a steady scrape allocates nothing for this metric.
   */
  @Override
  public final List<MetricFamily> collect() {
    List<? extends DataPoint> points = points(children.list());
    List<MetricFamily> last = collected;
    if (last != null && last.get(0).points() == points) {
      return last;
    }
    List<MetricFamily> families = List.of(family(points));
    collected = families;
    return families;
  }

  /** The family with no points: its name, type and unit reserve names in a registry. */
  @Override
  public final List<MetricFamily> describe() {
    return description;
  }

  /** For example {@code counter requests[method, code]}. */
  @Override
  public String toString() {
    return describeSelf() + Arrays.toString(labelNames);
  }

  /**
   * The family through the trusted path: {@link Names} checked the name and unit once, and the
   * points are this metric's children or snapshots of its type, so a scrape neither reworks the
   * name nor checks each point.
   */
  private MetricFamily family(List<? extends DataPoint> points) {
    return TrustedFamilies.family(name, help, type, unit, points);
  }

  /** The child for the table's key: the values in label name order, kept by its labels. */
  private C create(String[] sortedValues) {
    return newChild(
        sortedValues.length == 0
            ? Labels.EMPTY
            : TrustedLabels.factory().create(sortedNames, sortedValues));
  }

  private void checkCount(int count, String... values) {
    if (labelNames.length == 0) {
      throw new IllegalArgumentException(
          describeSelf()
              + " has no label names: update it"
              + " directly instead of calling labels(...) with "
              + Arrays.toString(values));
    }
    if (count != labelNames.length) {
      throw new IllegalArgumentException(
          describeSelf()
              + " expects "
              + labelNames.length
              + " label values for "
              + Arrays.toString(labelNames)
              + ", got "
              + count
              + ": "
              + Arrays.toString(values));
    }
  }

  private void requireValue(int i, String value) {
    if (value == null) {
      throw new NullPointerException(
          "label value for '" + labelNames[i] + "' is null (" + describeSelf() + ")");
    }
  }

  private String describeSelf() {
    return type.openMetricsName() + " " + name;
  }

  /** Seconds since the epoch, as a double, from an instant source. */
  static double epochSeconds(InstantSource clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() + now.getNano() / 1e9;
  }

  /**
   * The settings every metric type shares. Setters may be called in any order; the settings are
   * validated by {@link #register()}, {@link #register(CollectorRegistry)} and {@link #build()}.
   *
   * @param <B> the concrete builder
   * @param <M> the metric it builds
   */
  public abstract static class Builder<B extends Builder<B, M>, M extends Metric<?>> {
    String name = "";
    String help = "";
    String[] labelNames = NO_VALUES;
    String unit = "";
    String namespace = "";
    String subsystem = "";
    InstantSource clock = InstantSource.system();

    Builder() {}

    /**
     * The metric name (required). Any non-empty valid Unicode string is accepted; the exposition
     * formats escape names that Prometheus' legacy syntax does not allow.
     */
    public B name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return self();
    }

    /** The help text; default empty. */
    public B help(String help) {
      this.help = Objects.requireNonNull(help, "help");
      return self();
    }

    /**
     * The label names; default none. Each must be non-empty valid Unicode, must not start with
     * {@code __}, and must not repeat another.
     */
    public B labelNames(String... labelNames) {
      Objects.requireNonNull(labelNames, "labelNames");
      String[] copy = labelNames.clone();
      for (int i = 0; i < copy.length; i++) {
        Objects.requireNonNull(copy[i], "labelNames[" + i + "]");
      }
      this.labelNames = copy;
      return self();
    }

    /**
     * The unit, appended to the name as {@code _<unit>} unless the name already ends with it
     * ({@code seconds}, {@code bytes}); default none. Info and state set metrics take no unit.
     */
    public B unit(String unit) {
      this.unit = Objects.requireNonNull(unit, "unit");
      return self();
    }

    /** A prefix joined to the name with {@code _}; default none. */
    public B namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return self();
    }

    /** A prefix joined between namespace and name with {@code _}; default none. */
    public B subsystem(String subsystem) {
      this.subsystem = Objects.requireNonNull(subsystem, "subsystem");
      return self();
    }

    /**
     * The wall clock for {@code _created} times and {@link Gauge#setToCurrentTime()}; default
     * {@link InstantSource#system()}. Durations ({@code startTimer}) use {@link System#nanoTime()}
     * regardless.
     */
    public B clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return self();
    }

    /**
     * Builds the metric and registers it in {@link CollectorRegistry#defaultRegistry()}.
     *
     * @throws IllegalArgumentException on an invalid setting, or if the registry already has a
     *     metric of a clashing name
     */
    public M register() {
      return register(CollectorRegistry.defaultRegistry());
    }

    /**
     * Builds the metric and registers it in {@code registry}.
     *
     * @throws IllegalArgumentException on an invalid setting, or if the registry already has a
     *     metric of a clashing name
     */
    public M register(CollectorRegistry registry) {
      Objects.requireNonNull(registry, "registry");
      M metric = build();
      registry.register(metric);
      return metric;
    }

    /**
     * Builds the metric without registering it.
     *
     * @throws IllegalArgumentException on an invalid setting
     */
    public abstract M build();

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }
  }
}
