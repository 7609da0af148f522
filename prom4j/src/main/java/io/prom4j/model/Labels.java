package io.prom4j.model;

import io.prom4j.internal.LabelsCache;
import io.prom4j.internal.TrustedLabels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of label name/value pairs, sorted by label name.
 *
 * <p>Names are unique. Values may be any string, including the empty string. Instances are cheap to
 * share; metric children keep theirs for life, which lets the exposition writers cache each series'
 * encoded labels.
 *
 * <pre>{@code
 * Labels l = Labels.of("method", "GET", "code", "200");   // stored as code, method
 * }</pre>
 */
public final class Labels {

  private static final VarHandle CACHE;

  static {
    try {
      CACHE = MethodHandles.lookup().findVarHandle(Labels.class, "cache", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The empty label set. */
  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  static {
    LabelsCache.setAccess(
        new LabelsCache.Access() {
          @Override
          public Object get(Labels labels) {
            return CACHE.getAcquire(labels);
          }

          @Override
          public void set(Labels labels, Object value) {
            CACHE.setRelease(labels, value);
          }
        });
    // A metric's children: the names array is the metric's (shared), the values array the child
    // table's key; neither is ever exposed or changed.
    TrustedLabels.setFactory(Labels::new);
  }

  private final String[] names;
  private final String[] values;
  private int hash;

  /**
   * Written and read only by the exposition writers (through {@link LabelsCache}): the encoded form
   * of these labels. A benign race: every writer computes the same bytes. Written with release and
   * read with acquire semantics (on x86 both are plain moves), so a reader that sees an array sees
   * its contents: the writers keep the bare array, without a wrapper object whose final field would
   * publish it (16 B per series).
   */
  private Object cache; // through CACHE only

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /**
   * Labels from alternating names and values: {@code of("a", "1", "b", "2")}.
   *
   * @throws IllegalArgumentException on an odd count, a duplicate or empty name
   * @throws NullPointerException on a null name or value
   */
  public static Labels of(String... namesAndValues) {
    Objects.requireNonNull(namesAndValues, "namesAndValues");
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels need name/value pairs, got an odd count: " + namesAndValues.length);
    }
    int n = namesAndValues.length / 2;
    String[] ns = new String[n];
    String[] vs = new String[n];
    for (int i = 0; i < n; i++) {
      ns[i] = namesAndValues[2 * i];
      vs[i] = namesAndValues[2 * i + 1];
    }
    return create(ns, vs);
  }

  /**
   * Labels from parallel arrays of names and values (the arrays are copied).
   *
   * @throws IllegalArgumentException on different lengths, a duplicate or empty name
   * @throws NullPointerException on a null name or value
   */
  public static Labels of(String[] names, String[] values) {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(values, "values");
    if (names.length != values.length) {
      throw new IllegalArgumentException(
          "label names and values differ in count: "
              + names.length
              + " names, "
              + values.length
              + " values");
    }
    return create(names.clone(), values.clone());
  }

  /** Labels from a map of names to values. */
  public static Labels of(Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    String[] ns = new String[labels.size()];
    String[] vs = new String[labels.size()];
    int i = 0;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      ns[i] = e.getKey();
      vs[i] = e.getValue();
      i++;
    }
    return create(ns, vs);
  }

  /** Takes ownership of the arrays: sorts them in place by name and checks them. */
  private static Labels create(String[] ns, String[] vs) {
    if (ns.length == 0) {
      return EMPTY;
    }
    for (int i = 0; i < ns.length; i++) {
      Objects.requireNonNull(ns[i], "label name");
      if (vs[i] == null) {
        throw new NullPointerException("label value for '" + ns[i] + "' is null");
      }
      if (ns[i].isEmpty()) {
        throw new IllegalArgumentException("label name must not be empty");
      }
    }
    // Insertion sort: label sets are small, and this runs once per series, not per scrape.
    for (int i = 1; i < ns.length; i++) {
      String n = ns[i];
      String v = vs[i];
      int j = i - 1;
      while (j >= 0 && ns[j].compareTo(n) > 0) {
        ns[j + 1] = ns[j];
        vs[j + 1] = vs[j];
        j--;
      }
      ns[j + 1] = n;
      vs[j + 1] = v;
    }
    for (int i = 1; i < ns.length; i++) {
      if (ns[i].equals(ns[i - 1])) {
        throw new IllegalArgumentException("duplicate label name: " + ns[i]);
      }
    }
    return new Labels(ns, vs);
  }

  /** The number of labels. */
  public int size() {
    return names.length;
  }

  /** True if there are no labels. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The i-th label name, in name order. */
  public String name(int i) {
    return names[i];
  }

  /** The i-th label value, in name order. */
  public String value(int i) {
    return values[i];
  }

  /** The value of the named label, or null if there is none. */
  public String get(String name) {
    int i = Arrays.binarySearch(names, name);
    return i >= 0 ? values[i] : null;
  }

  /** True if a label of this name is present. */
  public boolean contains(String name) {
    return Arrays.binarySearch(names, name) >= 0;
  }

  /**
   * These labels plus {@code other}'s.
   *
   * @throws IllegalArgumentException if both have a label of the same name
   */
  public Labels merge(Labels other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    String[] ns = Arrays.copyOf(names, names.length + other.names.length);
    String[] vs = Arrays.copyOf(values, values.length + other.values.length);
    System.arraycopy(other.names, 0, ns, names.length, other.names.length);
    System.arraycopy(other.values, 0, vs, values.length, other.values.length);
    return create(ns, vs);
  }

  /** The labels as an unmodifiable map, in name order. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels other
        && Arrays.equals(names, other.names)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
      hash = h;
    }
    return h;
  }

  /** Renders as {@code {a="1", b="2"}} for debugging; not an exposition format. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }
}
