package io.prom4j;

import io.prom4j.model.Labels;
import java.util.Objects;

/**
 * A metric's child as its {@link ChildTable} finds it: by the labels of the metric's label names
 * and values, which the child keeps here. The table's slots hold the children themselves, so a
 * series costs no entry object of its own.
 */
abstract class Keyed {

  /** The metric's label names with this child's values (the table's key); never null. */
  final Labels key;

  Keyed(Labels key) {
    this.key = Objects.requireNonNull(key, "key");
  }
}
