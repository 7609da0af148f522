package io.prom4j;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * A metric's children by label values (each child a {@link Keyed}): lookups take no lock and
 * allocate nothing, inserts and removes take a lock, and {@link #list()} gives the children in
 * insertion order.
 *
 * <p>Implementation notes. Two structures, both changed only under {@code lock}:
 *
 * <ul>
 *   <li>An open-addressing hash table (linear probing) whose slots hold the children themselves: no
 *       entry object per series. A child is found by its {@link Keyed#key} labels: their cached
 *       {@link Labels#hashCode()} filters, their values confirm. A lookup computes that same hash
 *       from the values it is given (the table knows the label names' part of it), so it needs no
 *       key array. A reader loads the volatile {@code slots} array and reads slots with acquire
 *       semantics; an insert fills a free slot with a release store; a remove leaves a tombstone,
 *       which lookups step over and inserts reuse. Slots stay at most half used (tombstones
 *       included); past that a rehash copies the live children into a new array, published by the
 *       volatile write, and old arrays stay valid for readers still probing them. A reader that
 *       misses a child inserted meanwhile falls back to {@link #computeIfAbsent}, which looks again
 *       under the lock. Against the chained table of immutable entries before it, this saves 32 B
 *       per series and the bucket array: heap per counter series 225 -> 193 B ({@code
 *       RunBigRegistry --series 1000000}). A lookup alone makes one more dependent load (child,
 *       then its key, where an entry held the hash): {@code ChildTableBenchmark} 14.6 -> 18.5 ns
 *       among 1,000 children (the old benchmark's children were bare objects it never read). With
 *       the update that follows, which reads the child anyway, {@code
 *       UpdateBenchmark.prom4j_counterIncLabelsLookup} did not change (medians of three alternating
 *       forks per jar: 113 against 114 ops/us; on two threads 185 against 211, within those forks'
 *       spread of 161-231; JDK 17, 2 cores).
 *   <li>An append-only array in insertion order, published as an immutable {@link View} (array,
 *       size). Appending writes beyond every published view's size, or into a new larger array, so
 *       a view never sees a change; a remove copies into a new array (O(n), the only linear
 *       operation; clear is O(1)). Scrapes take the current view without copying or allocating.
 * </ul>
 */
final class ChildTable<C> {

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final Object TOMBSTONE = new Object();
  private static final int INITIAL_SLOTS = 8;
  private static final int INITIAL_ORDER = 4;

  private final Object lock = new Object();
  // Lookup index i is stored at position[i] (null: the identity); p0..p2 are its first three.
  private final int[] position;
  private final int[] lookupIndex; // stored index j holds lookup value lookupIndex[j]; null: same
  private final int p0;
  private final int p1;
  private final int p2;
  private final int arity;
  // Labels.hashCode() is 31 * Arrays.hashCode(names) + Arrays.hashCode(values): the names' part.
  private final int namesHash;
  private volatile Object[] slots = new Object[INITIAL_SLOTS];
  // What the text writers rendered from the views last, per format (RenderedPoints' slots).
  private final Object[] rendered = new Object[RenderedPoints.SLOTS];
  // The owner's count of changes (RenderedPoints.generation), or null: not tracked.
  private final Changes changes;
  private volatile View<C> view;
  // Guarded by lock.
  private int used; // slots holding a child or a tombstone
  private Object[] order = new Object[INITIAL_ORDER];
  private int size;

  /**
   * A table for children keyed by the label names {@code sortedNames} (as the children's key labels
   * hold them), whose lookup value {@code i} is stored at index {@code position[i]} of the key (a
   * metric's label values in builder order, stored in label name order).
   *
   * @param position a permutation, kept and never changed; null for the identity
   */
  ChildTable(String[] sortedNames, int[] position) {
    this(sortedNames, position, null);
  }

  /**
   * The owner's count of changes, which the table's views answer {@link RenderedPoints#generation}
   * and {@link RenderedPoints#moveOn} with.
   */
  interface Changes {
    /** As {@link RenderedPoints#generation}. */
    long generation();

    /** As {@link RenderedPoints#moveOn}. */
    long moveOn(long read);
  }

  /**
   * {@link #ChildTable(String[], int[])} whose views answer {@link RenderedPoints#generation} and
   * {@link RenderedPoints#moveOn} with {@code changes} (null: {@link RenderedPoints#UNTRACKED}).
   */
  ChildTable(String[] sortedNames, int[] position, Changes changes) {
    this.changes = changes;
    this.view = new View<>(new Object[0], 0, rendered, changes);
    this.position = position;
    this.lookupIndex = position == null ? null : inverse(position);
    this.arity = sortedNames.length;
    this.namesHash = 31 * Arrays.hashCode(sortedNames);
    this.p0 = at(0);
    this.p1 = at(1);
    this.p2 = at(2);
  }

  private int at(int i) {
    return position == null ? i : i < position.length ? position[i] : 0;
  }

  /** The child for these values (in lookup order), or null. The array is not kept. */
  C get(String[] values) {
    if (values.length != arity) {
      return null;
    }
    int h = namesHash;
    int v = 1;
    for (int j = 0; j < arity; j++) {
      v = 31 * v + values[lookupIndex == null ? j : lookupIndex[j]].hashCode();
    }
    h += v;
    Object[] t = slots;
    int mask = t.length - 1;
    for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
      Object o = SLOT.getAcquire(t, i);
      if (o == null) {
        return null;
      }
      if (o != TOMBSTONE) {
        Labels k = ((Keyed) o).key;
        if (k.hashCode() == h && matches(k, values)) {
          return cast(o);
        }
      }
    }
  }

  // The fixed-arity lookups each probe in a loop of their own: labels(a, b) is the update path's
  // lookup. UpdateBenchmark.prom4j_counterIncLabelsLookup, one thread, exemplars off, v1's
  // benchmark jar with this module's classes first on the class path, medians of four alternating
  // forks: 108.9 ops/us with one probe shared by every arity (7cd3fb2 to 9c04b46), 118.9 with this
  // loop, v1's chained table 121.5; in a second batch on this build's jar 115.0 against 118.1
  // (JDK 17, 2 cores). The forks spread by 10-20% on this machine.

  /** The child for one value, or null. */
  C get(String a) {
    int h = namesHash + 31 + a.hashCode();
    Object[] t = slots;
    int mask = t.length - 1;
    for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
      Object o = SLOT.getAcquire(t, i);
      if (o == null) {
        return null;
      }
      if (o != TOMBSTONE) {
        Labels k = ((Keyed) o).key;
        if (k.hashCode() == h && a.equals(k.value(0))) {
          return cast(o);
        }
      }
    }
  }

  /** The child for two values, or null. */
  C get(String a, String b) {
    String s0 = p0 == 0 ? a : b;
    String s1 = p0 == 0 ? b : a;
    int h = namesHash + 31 * (31 + s0.hashCode()) + s1.hashCode();
    Object[] t = slots;
    int mask = t.length - 1;
    for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
      Object o = SLOT.getAcquire(t, i);
      if (o == null) {
        return null;
      }
      if (o != TOMBSTONE) {
        Labels k = ((Keyed) o).key;
        if (k.hashCode() == h && s0.equals(k.value(0)) && s1.equals(k.value(1))) {
          return cast(o);
        }
      }
    }
  }

  /** The child for three values, or null. */
  C get(String a, String b, String c) {
    String s0 = p0 == 0 ? a : p1 == 0 ? b : c;
    String s1 = p0 == 1 ? a : p1 == 1 ? b : c;
    String s2 = p0 == 2 ? a : p1 == 2 ? b : c;
    int h = namesHash + 31 * (31 * (31 + s0.hashCode()) + s1.hashCode()) + s2.hashCode();
    Object[] t = slots;
    int mask = t.length - 1;
    for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
      Object o = SLOT.getAcquire(t, i);
      if (o == null) {
        return null;
      }
      if (o != TOMBSTONE) {
        Labels k = ((Keyed) o).key;
        if (k.hashCode() == h
            && s0.equals(k.value(0))
            && s1.equals(k.value(1))
            && s2.equals(k.value(2))) {
          return cast(o);
        }
      }
    }
  }

  /**
   * The child for these values, created by {@code factory} (under the lock) if absent. The factory
   * is given the table's key: the values in stored order, in an array that nobody may change and
   * that the child may keep (a metric's {@code Labels} do); the child's {@link Keyed#key} must hold
   * the table's label names with those values.
   *
   * @param values in lookup order; not kept
   * @throws IllegalArgumentException if there are not as many values as label names
   */
  C computeIfAbsent(String[] values, Function<String[], C> factory) {
    if (values.length != arity) {
      throw new IllegalArgumentException(
          "expected " + arity + " label values, got " + values.length);
    }
    synchronized (lock) {
      C existing = get(values);
      if (existing != null) {
        return existing;
      }
      String[] key = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        key[position == null ? i : position[i]] = values[i];
      }
      C child = Objects.requireNonNull(factory.apply(key), "child");
      int h =
          ((Keyed) child)
              .key.hashCode(); // the lookups' hash: the key holds the names and these values
      Object[] t = slots;
      if (used + 1 > t.length >>> 1) {
        t = rehash(size + 1);
      }
      int mask = t.length - 1;
      int i = mix(h) & mask;
      while (t[i] != null && t[i] != TOMBSTONE) {
        i = (i + 1) & mask;
      }
      if (t[i] == null) {
        used++;
      }
      SLOT.setRelease(t, i, child);
      append(child);
      return child;
    }
  }

  /** Removes the child for these values; returns whether there was one. */
  boolean remove(String[] values) {
    synchronized (lock) {
      C child = get(values);
      if (child == null) {
        return false;
      }
      Object[] t = slots;
      int mask = t.length - 1;
      int i = mix(((Keyed) child).key.hashCode()) & mask;
      while (t[i] != child) {
        i = (i + 1) & mask;
      }
      SLOT.setRelease(t, i, TOMBSTONE);
      unlink(child);
      return true;
    }
  }

  /** Removes every child. */
  void clear() {
    synchronized (lock) {
      slots = new Object[INITIAL_SLOTS];
      used = 0;
      order = new Object[INITIAL_ORDER];
      size = 0;
      view = new View<>(order, 0, rendered, changes);
    }
  }

  /** The children in insertion order: an immutable view, taken without copying. */
  List<C> list() {
    return view;
  }

  /** The number of children. */
  int size() {
    return view.size;
  }

  private static int[] inverse(int[] position) {
    int[] inverse = new int[position.length];
    for (int i = 0; i < position.length; i++) {
      inverse[position[i]] = i;
    }
    return inverse;
  }

  /** True if {@code key} (stored order) holds {@code values} (lookup order). */
  private boolean matches(Labels key, String[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!values[i].equals(key.value(position == null ? i : position[i]))) {
        return false;
      }
    }
    return true;
  }

  /** A new slot array with room for {@code live} children at most half full, no tombstones. */
  private Object[] rehash(int live) {
    int n = INITIAL_SLOTS;
    while (n < 2 * live) {
      n *= 2;
    }
    Object[] t = new Object[n];
    int mask = n - 1;
    for (int j = 0; j < size; j++) {
      Keyed c = (Keyed) order[j];
      int i = mix(c.key.hashCode()) & mask;
      while (t[i] != null) {
        i = (i + 1) & mask;
      }
      t[i] = c;
    }
    used = size;
    slots = t; // the volatile write publishes the plain writes above
    return t;
  }

  private void append(C child) {
    if (size == order.length) {
      Object[] grown = new Object[order.length * 2];
      System.arraycopy(order, 0, grown, 0, size);
      order = grown;
    }
    order[size++] = child;
    view = new View<>(order, size, rendered, changes);
  }

  private void unlink(C child) {
    Object[] copy = new Object[order.length];
    int j = 0;
    for (int i = 0; i < size; i++) {
      if (order[i] != child) {
        copy[j++] = order[i];
      }
    }
    order = copy;
    size = j;
    view = new View<>(order, size, rendered, changes);
  }

  /** Spreads a label hash over the slot index bits (String hashes differ mostly in low bits). */
  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  @SuppressWarnings("unchecked")
  private static <C> C cast(Object o) {
    return (C) o;
  }

  /**
   * An immutable prefix of an insertion-order array, with the table's rendered slots (the writers
   * keep a view in what they render from it, so a slot's value is stale once the view is replaced).
   */
  private static final class View<C> extends AbstractList<C>
      implements RandomAccess, RenderedPoints {
    private final Object[] elements;
    private final int size;
    private final Object[] rendered;
    private final Changes changes;

    View(Object[] elements, int size, Object[] rendered, Changes changes) {
      this.elements = elements;
      this.size = size;
      this.rendered = rendered;
      this.changes = changes;
    }

    @Override
    public long generation() {
      return changes == null ? UNTRACKED : changes.generation();
    }

    @Override
    public long moveOn(long read) {
      return changes == null ? read : changes.moveOn(read);
    }

    @Override
    public Object rendered(int slot) {
      return SLOT.getAcquire(rendered, slot);
    }

    @Override
    public void rendered(int slot, Object value) {
      SLOT.setRelease(rendered, slot, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public C get(int index) {
      Objects.checkIndex(index, size);
      return (C) elements[index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
