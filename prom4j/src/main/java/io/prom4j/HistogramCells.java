package io.prom4j;

import io.prom4j.model.NativeHistogram;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The counts of one histogram series (classic buckets, native buckets or both): updated without
 * locks, read as consistent snapshots.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Hot and cold halves</b> (client_golang's scheme). Each {@link Stripe} has two {@link
 *       Half halves} and a {@code started} word whose top bit names the hot half and whose other
 *       bits count the observations that ever started. An observation increments {@code started},
 *       records itself in the half the top bit named (native bucket or zero bucket, classic bucket,
 *       sum) and last increments that half's {@code completed}. A collector flips the top bit, so
 *       later observations go to the other half, and waits until the cold half's {@code completed}
 *       equals the count the flip returned: then no observation is in flight in the cold half, and
 *       its counts, sum and buckets agree with each other exactly.
 *   <li><b>Base.</b> The collector folds the quiet cold half into a base (only the collector, under
 *       {@link #lock}, touches it), resets the cold half and moves its {@code completed} count to
 *       the hot half. The snapshot is the base: count equals zero bucket plus all buckets, the sum
 *       is the sum of exactly those observations, and no bucket ever shrinks.
 *   <li><b>Stripes.</b> A slot per group of threads (by thread id), so that two threads observing
 *       the same series do not contend on one {@code started} word. The first thread to reach a
 *       slot owns its stripe and records with plain writes: its {@code started} increment is the
 *       only atomic instruction of its observation (a collector's flip shares that word), and its
 *       release store of {@code completed} publishes the rest. Later threads that reach the slot
 *       share a second stripe whose every write is atomic. A collector never adds to a {@code
 *       completed} word an owner writes: what it moves to the hot half goes to {@code carried}.
 *       Single-threaded series have one stripe.
 *   <li><b>Native buckets</b> live in an open-addressing table per half (int keys claimed by CAS,
 *       long counts added atomically): a known bucket costs a probe and an atomic add and allocates
 *       nothing. A half's table is replaced only while that half is cold and quiet.
 *   <li><b>Bucket limit.</b> When an observation adds a bucket that the base does not have and the
 *       base plus the new buckets exceed {@code maxBuckets}, or a table gets half full, the
 *       observing thread runs a collection if the lock is free ({@code tryLock}: it never waits for
 *       the lock). The collection lowers the base's schema, merging neighbouring buckets (no
 *       observation is lost), gives both halves new tables at the new schema (flipping twice) and
 *       folds what the halves still held at the old schema into the base. Observations never wait,
 *       except in one corner: an observation that finds its table completely full withdraws (it
 *       counts as completed without having recorded anything), makes room as above and starts over.
 * </ul>
 */
final class HistogramCells {

  private static final int EMPTY = Integer.MIN_VALUE;
  private static final int IN_ZERO_BUCKET = Integer.MIN_VALUE + 2; // never a key, like FULL
  private static final long HOT_BIT = 1L << 63;
  private static final long COUNT_MASK = HOT_BIT - 1;
  private static final int MIN_TABLE = 16;
  private static final int STRIPES =
      Math.min(16, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1);

  private static final VarHandle STARTED;
  private static final VarHandle COMPLETED;
  private static final VarHandle SUM;
  private static final VarHandle ZERO;
  private static final VarHandle SIZE;
  private static final VarHandle NOVEL;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STARTED = l.findVarHandle(Stripe.class, "started", long.class);
      COMPLETED = l.findVarHandle(Half.class, "completed", long.class);
      SUM = l.findVarHandle(Half.class, "sumBits", long.class);
      ZERO = l.findVarHandle(Half.class, "zero", long.class);
      SIZE = l.findVarHandle(Table.class, "size", int.class);
      NOVEL = l.findVarHandle(Table.class, "novel", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final double[] upperBounds; // null: no classic buckets
  private final boolean nativeBuckets; // false: classic buckets only, no tables
  private final double zeroThreshold;
  private final int maxBuckets;
  private static final long SHARED = -1; // the owner of a shared stripe: no thread has this id

  // Slot i's stripe at i is owned by the first thread that hashed to the slot; other threads with
  // that slot share the stripe at STRIPES + i.
  private final AtomicReferenceArray<Stripe> stripes = new AtomicReferenceArray<>(STRIPES * 2);
  private final ReentrantLock lock = new ReentrantLock();

  // Published by the collector for the observers' "is this bucket new to the base?" test.
  private volatile int baseSchema;
  private volatile int[] baseKeys = new int[0]; // sorted table keys of the base
  private volatile int tableCapacity = MIN_TABLE; // for new tables

  // The base: written and read only under lock.
  private final long[] baseClassic;
  private double baseSum;
  private long baseZero;
  private final LongMap base; // null without native buckets

  /**
   * @param upperBounds classic bounds ending with +Inf, or null for a native-only histogram
   * @param schema the initial schema, -4..8
   * @param zeroThreshold the zero bucket's half width, >= 0
   * @param maxBuckets the bucket limit, >= 1
   */
  HistogramCells(double[] upperBounds, int schema, double zeroThreshold, int maxBuckets) {
    this(upperBounds, true, schema, zeroThreshold, maxBuckets);
  }

  /** The cells of a classic-only histogram: the same scheme without native buckets. */
  static HistogramCells classicOnly(double[] upperBounds) {
    return new HistogramCells(upperBounds, false, 0, 0, 1);
  }

  private HistogramCells(
      double[] upperBounds,
      boolean nativeBuckets,
      int schema,
      double zeroThreshold,
      int maxBuckets) {
    this.upperBounds = upperBounds;
    this.nativeBuckets = nativeBuckets;
    this.base = nativeBuckets ? new LongMap() : null;
    this.zeroThreshold = zeroThreshold;
    this.maxBuckets = maxBuckets;
    this.baseSchema = schema;
    this.baseClassic = upperBounds == null ? null : new long[upperBounds.length];
  }

  /**
   * Records one observation.
   *
   * @param v the value, not NaN
   * @param classic its classic bucket (the histogram finds it once, for its exemplar too), or -1
   *     without classic buckets
   */
  void observe(double v, int classic) {
    long id = Thread.currentThread().getId();
    int i = (int) ((id * 0x9E37_79B9_7F4A_7C15L) >>> 40) & (STRIPES - 1);
    Stripe own = stripes.get(i);
    if (own == null) {
      own = install(i, id);
    }
    if (own.owner == id) {
      observeOwned(own, v, classic);
    } else {
      Stripe shared = stripes.get(STRIPES + i);
      observeShared(shared == null ? install(STRIPES + i, SHARED) : shared, v, classic);
    }
  }

  /**
   * The owner thread's observation: the only atomic instruction is the {@code started} increment (a
   * collector flips the same word); buckets, sum and zero count are plain writes, published by the
   * release store of {@code completed}. Measured ({@code RunJmh
   * 'UpdateBenchmark\.(prom4j|clientJava)_nativeHistogramObserve'}, 1 thread, classic plus native,
   * medians): 65.1 ops/us, against 29.5 with the five atomic writes of {@link #observeShared}
   * (2.2x; client_java 1.10: 25.7 and 26.1 in the same runs).
   */
  private void observeOwned(Stripe stripe, double v, int classic) {
    while (true) {
      long n = (long) STARTED.getAndAdd(stripe, 1L);
      Half half = stripe.halves[(int) (n >>> 63)];
      Table t = half.table;
      int added = Table.KNOWN;
      if (t != null) { // null: classic buckets only
        int key = nativeKey(v, t.schema);
        if (key != IN_ZERO_BUCKET) {
          added = t.incrementOwned(key);
        } else {
          ZERO.set(half, (long) ZERO.get(half) + 1);
        }
      }
      long completed = (long) COMPLETED.get(half) + 1;
      if (added == Table.FULL) {
        COMPLETED.setRelease(half, completed); // withdraw: nothing was recorded
        makeRoom();
        continue;
      }
      if (classic >= 0) {
        half.classic[classic]++;
      }
      SUM.set(half, Double.doubleToRawLongBits(Double.longBitsToDouble((long) SUM.get(half)) + v));
      COMPLETED.setRelease(half, completed);
      if (added != Table.KNOWN && overLimit(t, added)) {
        tryCollect();
      }
      return;
    }
  }

  /**
   * An observation by a thread that shares its stripe with others: every write is atomic. Its
   * opening repeats {@link #observeOwned}'s on purpose: one helper for both, with an owner flag,
   * measured slower on the owner's path ({@code histogramObserve} 71.8, 97.8 and 69.8 ops/us in
   * three forks, against 106.6 and 99.7 with the two kept apart).
   */
  private void observeShared(Stripe stripe, double v, int classic) {
    while (true) {
      long n = (long) STARTED.getAndAdd(stripe, 1L);
      Half half = stripe.halves[(int) (n >>> 63)];
      Table t = half.table;
      int added = Table.KNOWN;
      if (t != null) { // null: classic buckets only
        int key = nativeKey(v, t.schema);
        if (key != IN_ZERO_BUCKET) {
          added = t.increment(key);
        } else {
          ZERO.getAndAdd(half, 1L);
        }
      }
      if (added == Table.FULL) {
        COMPLETED.getAndAdd(half, 1L); // withdraw: nothing was recorded
        makeRoom();
        continue;
      }
      if (classic >= 0) {
        LONGS.getAndAdd(half.classic, classic, 1L);
      }
      long bits;
      do {
        bits = (long) SUM.getVolatile(half);
      } while (!SUM.compareAndSet(
          half, bits, Double.doubleToRawLongBits(Double.longBitsToDouble(bits) + v)));
      COMPLETED.getAndAdd(half, 1L);
      if (added != Table.KNOWN && overLimit(t, added)) {
        tryCollect();
      }
      return;
    }
  }

  /**
   * The table key of {@code v}'s native bucket ({@code index << 1 | negative}), or {@link
   * #IN_ZERO_BUCKET}.
   */
  private int nativeKey(double v, int schema) {
    if (v > zeroThreshold) {
      return NativeBucketIndex.index(v, schema) << 1;
    }
    if (v < -zeroThreshold) {
      return (NativeBucketIndex.index(-v, schema) << 1) | 1;
    }
    return IN_ZERO_BUCKET;
  }

  /** Creates the stripe at {@code i} for {@code owner} unless another thread was first. */
  private Stripe install(int i, long owner) {
    Stripe created =
        new Stripe(owner, newTable(), newTable(), upperBounds == null ? -1 : upperBounds.length);
    Stripe s = stripes.compareAndExchange(i, null, created);
    return s == null ? created : s;
  }

  private Table newTable() {
    return nativeBuckets ? new Table(baseSchema, tableCapacity) : null;
  }

  /** True if the new bucket {@code key} makes the series need a collection. */
  private boolean overLimit(Table t, int key) {
    if ((int) SIZE.getVolatile(t) * 2 > t.keys.length) {
      return true; // half full: grow
    }
    if (t.schema == baseSchema && Arrays.binarySearch(baseKeys, key) >= 0) {
      return false; // the base has this bucket: the union did not grow
    }
    int novel = (int) NOVEL.getAndAdd(t, 1) + 1;
    return baseKeys.length + novel > maxBuckets && baseSchema > NativeBucketIndex.MIN_SCHEMA;
  }

  private void tryCollect() {
    if (lock.tryLock()) {
      try {
        collectLocked();
      } finally {
        lock.unlock();
      }
    }
  }

  private void makeRoom() {
    tryCollect();
    Thread.onSpinWait();
  }

  /** A consistent snapshot. */
  HistogramData snapshot() {
    lock.lock();
    try {
      collectLocked();
      long[] cumulative = null;
      if (baseClassic != null) {
        cumulative = new long[baseClassic.length];
        long total = 0;
        for (int i = 0; i < cumulative.length; i++) {
          total += baseClassic[i];
          cumulative[i] = total;
        }
      }
      return new HistogramData(
          cumulative, baseSum, nativeBuckets ? nativeSnapshot() : null, foldedLocked());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The counts, sum and native histogram of one snapshot, and how many observations had started
   * when it was taken ({@link #started()} then).
   */
  record HistogramData(
      long[] cumulative, double sum, NativeHistogram nativeHistogram, long observations) {}

  /**
   * The observations that ever started, without a lock: if this still equals a snapshot's {@code
   * observations}, no observation has started since and the snapshot is still exact. Each stripe's
   * count only grows (a collector's flip changes only its top bit), so an equal sum means equal
   * counts. An observation that withdrew (a full table) counts too, which at worst makes a caller
   * take a snapshot it did not need.
   */
  long started() {
    long total = 0;
    for (int i = 0; i < STRIPES * 2; i++) {
      Stripe s = stripes.get(i);
      if (s != null) {
        total += (long) STARTED.getVolatile(s) & COUNT_MASK;
      }
    }
    return total;
  }

  /**
   * The observations folded into the base, under {@link #lock} after a collection: each stripe's
   * hot half carries the count its last flip returned, and the stripes installed since then have
   * started nothing that was folded.
   */
  private long foldedLocked() {
    long total = 0;
    for (int i = 0; i < STRIPES * 2; i++) {
      Stripe s = stripes.get(i);
      if (s != null) {
        total += s.halves[(int) ((long) STARTED.getVolatile(s) >>> 63)].carried;
      }
    }
    return total;
  }

  private NativeHistogram nativeSnapshot() {
    int[] keys = base.sortedKeys();
    int negatives = 0;
    for (int k : keys) {
      negatives += k & 1;
    }
    int[] posIndex = new int[keys.length - negatives];
    long[] posCount = new long[posIndex.length];
    int[] negIndex = new int[negatives];
    long[] negCount = new long[negatives];
    int p = 0;
    int q = 0;
    for (int k : keys) {
      if ((k & 1) == 0) {
        posIndex[p] = k >> 1;
        posCount[p++] = base.get(k);
      } else {
        negIndex[q] = k >> 1;
        negCount[q++] = base.get(k);
      }
    }
    return NativeHistogram.of(
        baseSchema, zeroThreshold, baseZero, posIndex, posCount, negIndex, negCount);
  }

  /** Folds every stripe's observations into the base and applies the bucket limit. */
  private void collectLocked() {
    for (int i = 0; i < STRIPES * 2; i++) {
      Stripe s = stripes.get(i);
      if (s != null) {
        drainCold(s, flip(s));
      }
    }
    if (!nativeBuckets) {
      return;
    }
    int schema = baseSchema;
    while (base.size() > maxBuckets && schema > NativeBucketIndex.MIN_SCHEMA) {
      base.lower();
      schema--;
    }
    int capacity = Math.max(MIN_TABLE, Integer.highestOneBit(Math.max(1, base.size()) * 4 - 1));
    boolean schemaChanged = schema != baseSchema;
    baseSchema = schema;
    tableCapacity = capacity;
    // Both halves of a stripe must hold tables at the base schema, large enough: the cold half
    // gets a new table now, the hot one after a second flip. What the hot half still held at the
    // old layout is folded into the base (and might lower the schema once more: then again).
    for (int i = 0; i < STRIPES * 2; i++) {
      Stripe s = stripes.get(i);
      if (s == null) {
        continue;
      }
      boolean replaced = false;
      for (int round = 0; round < 2; round++) {
        long n = (long) STARTED.getVolatile(s);
        Half cold = s.halves[(int) ((n >>> 63) ^ 1)];
        Half hot = s.halves[(int) (n >>> 63)];
        if (needsNewTable(cold.table, schema, capacity)) {
          cold.table = new Table(schema, capacity);
          replaced = true;
        }
        if (!needsNewTable(hot.table, schema, capacity)) {
          break;
        }
        drainCold(s, flip(s));
      }
      if (replaced && base.size() > maxBuckets && schema > NativeBucketIndex.MIN_SCHEMA) {
        collectLocked(); // the old layout's leftovers pushed the base over the limit: once more
        return;
      }
    }
    if (schemaChanged || baseKeys.length != base.size()) {
      baseKeys = base.sortedKeys();
    }
  }

  private boolean needsNewTable(Table t, int schema, int capacity) {
    return t.schema != schema || t.keys.length < capacity;
  }

  /** Makes the hot half cold; returns the count of observations started before. */
  private static long flip(Stripe s) {
    return (long) STARTED.getAndAdd(s, HOT_BIT);
  }

  /**
   * Waits until the half made cold by the flip that returned {@code n} is quiet, folds it into the
   * base and resets it.
   */
  private void drainCold(Stripe s, long n) {
    long count = n & COUNT_MASK;
    Half cold = s.halves[(int) (n >>> 63)];
    Half hot = s.halves[(int) ((n >>> 63) ^ 1)];
    int spins = 0;
    while ((long) COMPLETED.getVolatile(cold) + cold.carried != count) {
      if (++spins < 1000) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // an observer was descheduled mid-observation
      }
    }
    // Quiet: plain reads and writes are safe until the next flip publishes them.
    if (baseClassic != null) {
      long[] c = cold.classic;
      for (int i = 0; i < c.length; i++) {
        baseClassic[i] += c[i];
        c[i] = 0;
      }
    }
    baseSum += Double.longBitsToDouble(cold.sumBits);
    cold.sumBits = 0;
    baseZero += cold.zero;
    cold.zero = 0;
    if (cold.table != null) {
      drainTable(cold.table);
    }
    cold.completed = 0;
    cold.carried = 0;
    hot.carried += count; // the hot half now accounts for all earlier observations
  }

  /** Folds a quiet table's native buckets into the base and empties it. */
  private void drainTable(Table t) {
    if (t.size > 0) {
      int baseSch = baseSchema;
      int[] keys = t.keys;
      long[] counts = t.counts;
      for (int i = 0; i < keys.length; i++) {
        int k = keys[i];
        if (k != EMPTY) {
          long c = counts[i];
          if (c != 0) {
            int index = NativeBucketIndex.lower(k >> 1, t.schema, baseSch);
            base.add((index << 1) | (k & 1), c);
          }
          keys[i] = EMPTY;
          counts[i] = 0;
        }
      }
      t.size = 0;
    }
    t.novel = 0;
  }

  /** One thread's, or one group of threads', pair of halves. */
  static final class Stripe {
    /**
     * The id of the only thread that observes into this stripe, or {@link #SHARED}. An owned stripe
     * needs one atomic instruction per observation instead of five.
     */
    final long owner;

    volatile long started;
    final Half[] halves;

    Stripe(long owner, Table a, Table b, int classicBuckets) {
      this.owner = owner;
      this.halves = new Half[] {new Half(a, classicBuckets), new Half(b, classicBuckets)};
    }
  }

  /** The counts observed into one half since it was last drained. */
  static final class Half {
    volatile long completed;
    long carried; // observations drained before this half became hot: only the collector's
    volatile long sumBits;
    volatile long zero;
    final long[] classic; // null: no classic buckets
    volatile Table table;

    Half(Table table, int classicBuckets) {
      this.table = table;
      this.classic = classicBuckets < 0 ? null : new long[classicBuckets];
    }
  }

  /**
   * Native bucket counts by key ({@code index << 1 | negative}), open addressing with linear
   * probing. Keys are claimed once by CAS and never removed while the table is in use.
   */
  static final class Table {
    static final int KNOWN = Integer.MIN_VALUE; // never a key: EMPTY
    static final int FULL = Integer.MIN_VALUE + 1; // never a key: indices are below 2^20

    final int schema;
    final int[] keys;
    final long[] counts;
    volatile int size;
    volatile int novel; // new buckets not in the base, for the bucket limit

    Table(int schema, int capacity) {
      this.schema = schema;
      this.keys = new int[capacity];
      this.counts = new long[capacity];
      Arrays.fill(keys, EMPTY);
    }

    /**
     * {@link #increment} for the table of an owned stripe: only one thread writes it, so a known
     * bucket's count takes a plain add (published by the owner's release of {@code completed}).
     */
    int incrementOwned(int key) {
      int mask = keys.length - 1;
      int i = (key * 0x9E37_79B9) >>> 16 & mask;
      int k = keys[i];
      if (k == key) {
        counts[i]++;
        return KNOWN;
      }
      return k == EMPTY ? increment(key) : incrementProbing(key, (i + 1) & mask);
    }

    private int incrementProbing(int key, int from) {
      int mask = keys.length - 1;
      for (int i = from, probes = 1; probes <= mask; i = (i + 1) & mask, probes++) {
        int k = keys[i];
        if (k == key) {
          counts[i]++;
          return KNOWN;
        }
        if (k == EMPTY) {
          return increment(key);
        }
      }
      return FULL;
    }

    /** Adds one to {@code key}; returns {@link #KNOWN}, {@link #FULL} or the key if it is new. */
    int increment(int key) {
      int mask = keys.length - 1;
      int i = (key * 0x9E37_79B9) >>> 16 & mask;
      for (int probes = 0; probes <= mask; ) {
        int k = (int) INTS.getAcquire(keys, i);
        if (k == key) {
          LONGS.getAndAdd(counts, i, 1L);
          return KNOWN;
        }
        if (k == EMPTY) {
          if (INTS.compareAndSet(keys, i, EMPTY, key)) {
            LONGS.getAndAdd(counts, i, 1L);
            SIZE.getAndAdd(this, 1);
            return key;
          }
          continue; // another thread claimed it: look again at the same slot
        }
        i = (i + 1) & mask;
        probes++;
      }
      return FULL;
    }
  }

  /** The base's native buckets: a plain open-addressing int to long map, grown as needed. */
  private static final class LongMap {
    private int[] keys = emptyKeys(16);
    private long[] values = new long[16];
    private int size;

    private static int[] emptyKeys(int n) {
      int[] k = new int[n];
      Arrays.fill(k, EMPTY);
      return k;
    }

    int size() {
      return size;
    }

    void add(int key, long delta) {
      if (size * 2 >= keys.length) {
        rehash(keys.length * 2);
      }
      int mask = keys.length - 1;
      int i = (key * 0x9E37_79B9) >>> 16 & mask;
      while (keys[i] != EMPTY && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (keys[i] == EMPTY) {
        keys[i] = key;
        size++;
      }
      values[i] += delta;
    }

    long get(int key) {
      int mask = keys.length - 1;
      int i = (key * 0x9E37_79B9) >>> 16 & mask;
      while (keys[i] != EMPTY) {
        if (keys[i] == key) {
          return values[i];
        }
        i = (i + 1) & mask;
      }
      return 0;
    }

    private void rehash(int capacity) {
      int[] oldKeys = keys;
      long[] oldValues = values;
      keys = emptyKeys(capacity);
      values = new long[capacity];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != EMPTY) {
          add(oldKeys[i], oldValues[i]);
        }
      }
    }

    /** Halves the resolution: bucket i becomes ceil(i / 2) on each side. */
    void lower() {
      int[] oldKeys = keys;
      long[] oldValues = values;
      keys = emptyKeys(oldKeys.length);
      values = new long[oldKeys.length];
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        int k = oldKeys[i];
        if (k != EMPTY) {
          add((NativeBucketIndex.lower(k >> 1, 1, 0) << 1) | (k & 1), oldValues[i]);
        }
      }
    }

    int[] sortedKeys() {
      int[] out = new int[size];
      int n = 0;
      for (int k : keys) {
        if (k != EMPTY) {
          out[n++] = k;
        }
      }
      Arrays.sort(out);
      return out;
    }
  }
}
