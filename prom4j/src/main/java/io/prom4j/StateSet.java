package io.prom4j;

import io.prom4j.model.DataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import io.prom4j.model.StateSetDataPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which one of a fixed set of states something is in (Python's {@code Enum}).
 *
 * <pre>{@code
 * StateSet state = StateSet.builder().name("myapp_state").help("State.")
 *     .states("starting", "running", "stopped").register();
 * state.state("running");
 * }</pre>
 *
 * <p>Each series starts in the first state. The exposition shows one sample per state, with the
 * state in a label named after the metric ({@code myapp_state{myapp_state="running"} 1}), so no
 * label name may equal the metric name. A state set takes no unit.
 */
public final class StateSet extends Metric<StateSet.Child> {

  private final String[] states;
  private final Map<String, Integer> index;
  private final Child unlabelled;

  private StateSet(Builder builder) {
    super(builder, MetricType.STATESET);
    this.states = builder.states.clone();
    if (states.length == 0) {
      throw new IllegalArgumentException(
          "stateset " + name + " needs at least one state: set them with states(...)");
    }
    this.index = new HashMap<>();
    for (int i = 0; i < states.length; i++) {
      if (index.put(states[i], i) != null) {
        throw new IllegalArgumentException(
            "duplicate state in stateset "
                + name
                + ": "
                + states[i]
                + " in "
                + Arrays.toString(states));
      }
    }
    this.unlabelled = initialChild();
  }

  /** A builder; {@code name} and {@code states} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Switches to {@code state}.
   *
   * @throws IllegalArgumentException if {@code state} is not one of the builder's states
   * @throws IllegalStateException if the metric has label names: use {@code labels(...)}
   */
  public void state(String state) {
    direct(unlabelled).state(state);
  }

  /** The states, in the builder's order. */
  public List<String> states() {
    return List.of(states);
  }

  @Override
  Child newChild(Labels labels) {
    return new Child(this, labels);
  }

  @Override
  List<? extends DataPoint> points(List<Child> children) {
    List<StateSetDataPoint> points = new ArrayList<>(children.size());
    for (Child c : children) {
      points.add(c.points[c.current]);
    }
    return points;
  }

  /** Builds a {@link StateSet}. */
  public static final class Builder extends Metric.Builder<Builder, StateSet> {
    private String[] states = new String[0];

    Builder() {}

    /** The states, at least one, none repeated; the first is the initial state. */
    public Builder states(String... states) {
      Objects.requireNonNull(states, "states");
      String[] copy = states.clone();
      for (int i = 0; i < copy.length; i++) {
        Objects.requireNonNull(copy[i], "states[" + i + "]");
      }
      this.states = copy;
      return this;
    }

    @Override
    public StateSet build() {
      return new StateSet(this);
    }
  }

  /**
   * One state set series.
   *
   * <p>Implementation notes: the child holds one immutable point per state, made once, and the
   * index of the current state in a volatile field. A scrape takes the current state's point, so it
   * never sees two states set, or none, while {@link #state(String)} runs.
   */
  public static final class Child extends Keyed {
    private final StateSet metric;
    private final StatePoint[] points;
    private volatile int current;

    Child(StateSet metric, Labels labels) {
      super(labels);
      this.metric = metric;
      this.points = new StatePoint[metric.states.length];
      for (int i = 0; i < points.length; i++) {
        points[i] = new StatePoint(labels, metric.states, i);
      }
    }

    /**
     * Switches to {@code state}.
     *
     * @throws IllegalArgumentException if {@code state} is not one of the builder's states
     */
    public void state(String state) {
      Objects.requireNonNull(state, "state");
      Integer i = metric.index.get(state);
      if (i == null) {
        throw new IllegalArgumentException(
            "unknown state for stateset "
                + metric.name
                + ": "
                + state
                + " (allowed: "
                + Arrays.toString(metric.states)
                + ")");
      }
      current = i;
    }

    /** The current state. */
    public String state() {
      return metric.states[current];
    }
  }

  /** The series with state {@code enabled} set; the states array is shared, never written. */
  private record StatePoint(Labels labels, String[] states, int enabled)
      implements StateSetDataPoint {

    @Override
    public int stateCount() {
      return states.length;
    }

    @Override
    public String state(int i) {
      return states[i];
    }

    @Override
    public boolean enabled(int i) {
      return i == enabled;
    }
  }
}
