package io.prom4j.model;

import java.util.Objects;

/** A state set series: one boolean per state, rendered as one sample per state. */
public interface StateSetDataPoint extends DataPoint {
  /** The number of states. */
  int stateCount();

  /** The name of state {@code i}. */
  String state(int i);

  /** Whether state {@code i} is set. */
  boolean enabled(int i);

  /**
   * An immutable state set point (arrays are copied).
   *
   * @throws IllegalArgumentException if the arrays differ in length or a state is repeated
   */
  static StateSetDataPoint of(Labels labels, String[] states, boolean[] enabled) {
    Objects.requireNonNull(states, "states");
    Objects.requireNonNull(enabled, "enabled");
    if (states.length != enabled.length) {
      throw new IllegalArgumentException(
          "states and enabled flags differ in count: " + states.length + " vs " + enabled.length);
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String s : states) {
      if (!seen.add(Objects.requireNonNull(s, "state"))) {
        throw new IllegalArgumentException("duplicate state: " + s);
      }
    }
    return new Points.StateSet(labels, states.clone(), enabled.clone());
  }
}
