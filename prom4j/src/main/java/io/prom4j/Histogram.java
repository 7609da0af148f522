package io.prom4j;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import io.prom4j.model.NativeHistogram;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Counts observations into buckets: request latencies, response sizes.
 *
 * <pre>{@code
 * Histogram h = Histogram.builder().name("latency_seconds").help("Latency.")
 *     .buckets(0.1, 0.5, 1, 5)
 *     .register();
 * h.observe(0.42);
 * try (Timer t = h.startTimer()) {
 *   work();
 * }
 * }</pre>
 *
 * <p>Each observation is counted in the first bucket whose upper bound is greater than or equal to
 * it; the exposition shows cumulative counts ({@code _bucket{le="..."}}), the count, the sum and
 * the created time.
 *
 * <p>By default a histogram also keeps a native (exponential) histogram of the same observations,
 * which only the protobuf format carries (Prometheus ingests native histograms over protobuf only):
 * {@link Builder#classicOnly()} turns it off, {@link Builder#nativeOnly()} drops the classic
 * buckets (the text formats then show {@code _count} and {@code _sum} only). Native buckets are
 * those of client_golang, value for value; past {@link Builder#nativeMaxBuckets(int)} populated
 * buckets the resolution is halved (the schema lowered by one, neighbouring buckets merged), so no
 * observation is lost.
 *
 * <pre>{@code
 * Histogram h = Histogram.builder().name("rpc_seconds").help("RPC latency.")
 *     .nativeSchema(3).nativeMaxBuckets(160).nativeZeroThreshold(1e-9)
 *     .register();
 * }</pre>
 *
 * <p>Exemplars: each classic bucket keeps one (shown on its {@code _bucket} sample in OpenMetrics
 * and protobuf, and as the native histogram's exemplars in protobuf); a native-only histogram keeps
 * up to four, favouring the smallest and largest values. {@link #observeWithExemplar(double,
 * Labels)} always records. When OpenTelemetry is present and a sampled span is current, a plain
 * {@code observe()} records {@code trace_id} and {@code span_id}, at most once per series every 90
 * ms and replacing an exemplar only once it is 7 s old; {@link Builder#exemplars(boolean)} turns
 * this off.
 */
public final class Histogram extends Metric<Histogram.Child> {

  private static final double[] DEFAULT_BUCKETS = {
    .005, .01, .025, .05, .075, .1, .25, .5, .75, 1, 2.5, 5, 7.5, 10, Double.POSITIVE_INFINITY
  };

  private final double[] upperBounds; // empty for a native-only histogram
  private final boolean classic;
  private final boolean nativeOn;
  private final int nativeSchema;
  private final int nativeMaxBuckets;
  private final double nativeZeroThreshold;
  private final ExemplarSampler sampler; // null: no automatic exemplars; shared by the series
  private volatile SnapshotPoints<HistogramDataPoint> lastPoints; // the last scrape's points
  private final Child unlabelled;

  private Histogram(Builder builder) {
    super(builder, MetricType.HISTOGRAM);
    this.classic = builder.mode != Mode.NATIVE_ONLY;
    this.nativeOn = builder.mode != Mode.CLASSIC_ONLY;
    this.upperBounds = classic ? upperBounds(builder.buckets) : new double[0];
    this.nativeSchema = builder.nativeSchema;
    this.nativeMaxBuckets = builder.nativeMaxBuckets;
    this.nativeZeroThreshold = builder.nativeZeroThreshold;
    this.sampler = ExemplarSampler.create(builder.exemplars, builder.ticker, clock);
    this.unlabelled = initialChild();
  }

  /** A builder; {@code name} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Counts one observation.
   *
   * @throws IllegalArgumentException if {@code value} is NaN
   * @throws IllegalStateException if the histogram has label names: use {@code labels(...)}
   */
  public void observe(double value) {
    direct(unlabelled).observe(value);
  }

  /**
   * Counts one observation and keeps an exemplar of it with these labels (typically {@code
   * trace_id} and {@code span_id}), timestamped by the builder's clock: in the classic bucket the
   * value falls in, or, native-only, in place of the oldest of four.
   *
   * <pre>{@code
   * latency.observeWithExemplar(0.27, Labels.of("trace_id", traceId));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code value} is NaN, or the labels' names and values have
   *     more than 128 code points together
   * @throws NullPointerException if {@code exemplarLabels} is null
   * @throws IllegalStateException if the histogram has label names: use {@code labels(...)}
   */
  public void observeWithExemplar(double value, Labels exemplarLabels) {
    direct(unlabelled).observeWithExemplar(value, exemplarLabels);
  }

  /**
   * A timer that observes the elapsed seconds when closed.
   *
   * @throws IllegalStateException if the histogram has label names: use {@code labels(...)}
   */
  public Timer startTimer() {
    return direct(unlabelled).startTimer();
  }

  /** The classic bucket upper bounds, ending with {@code +Inf}; empty if native-only. */
  public List<Double> buckets() {
    List<Double> out = new ArrayList<>(upperBounds.length);
    for (double b : upperBounds) {
      out.add(b);
    }
    return List.copyOf(out);
  }

  @Override
  Child newChild(Labels labels) {
    HistogramCells cells =
        nativeOn
            ? new HistogramCells(
                classic ? upperBounds : null, nativeSchema, nativeZeroThreshold, nativeMaxBuckets)
            : HistogramCells.classicOnly(upperBounds);
    return new Child(labels, upperBounds, cells, epochSeconds(clock), clock, sampler);
  }

  /**
   * The children's snapshots, in a list that keeps the writers' renderings in the child list: a
   * child that was not observed since the last scrape hands back the same snapshot, and the writers
   * then copy what they wrote for it.
   */
  @Override
  List<? extends DataPoint> points(List<Child> children) {
    if (!(children instanceof RenderedPoints r)) {
      HistogramDataPoint[] points = new HistogramDataPoint[children.size()];
      for (int i = 0; i < points.length; i++) {
        points[i] = children.get(i).snapshot();
      }
      return List.of(points);
    }
    // The last list again while every snapshot is the same: nothing is allocated then.
    SnapshotPoints<HistogramDataPoint> last = lastPoints;
    boolean same = last != null && last.source() == r.source();
    int n = children.size();
    HistogramDataPoint[] points = null;
    for (int i = 0; i < n; i++) {
      HistogramDataPoint p = children.get(i).snapshot();
      if (same && p == last.get(i)) {
        continue;
      }
      if (points == null) {
        points = new HistogramDataPoint[n];
        for (int j = 0; j < i; j++) {
          points[j] = last.get(j);
        }
        same = false;
      }
      points[i] = p;
    }
    if (same) {
      return last;
    }
    if (points == null) { // no children
      points = new HistogramDataPoint[0];
    }
    SnapshotPoints<HistogramDataPoint> fresh = new SnapshotPoints<>(points, r);
    lastPoints = fresh;
    return fresh;
  }

  /** Validated bucket bounds with {@code +Inf} appended if missing. */
  static double[] upperBounds(double[] buckets) {
    for (int i = 0; i < buckets.length; i++) {
      if (Double.isNaN(buckets[i])) {
        throw new IllegalArgumentException(
            "histogram buckets must not be NaN: " + Arrays.toString(buckets));
      }
      if (i > 0 && !(buckets[i] > buckets[i - 1])) {
        throw new IllegalArgumentException(
            "histogram buckets must be strictly increasing"
                + " (sorted, no duplicates): "
                + Arrays.toString(buckets));
      }
    }
    double[] bounds = buckets;
    if (bounds.length == 0 || bounds[bounds.length - 1] != Double.POSITIVE_INFINITY) {
      bounds = Arrays.copyOf(buckets, buckets.length + 1);
      bounds[buckets.length] = Double.POSITIVE_INFINITY;
    } else {
      bounds = buckets.clone();
    }
    if (bounds.length < 2) {
      throw new IllegalArgumentException(
          "histogram needs at least two buckets, counting the"
              + " +Inf bucket that is appended: "
              + Arrays.toString(buckets));
    }
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] += 0.0; // -0.0 becomes 0.0, so that binary search treats 0.0 <= -0.0 as equal
    }
    return bounds;
  }

  private enum Mode {
    CLASSIC_AND_NATIVE,
    CLASSIC_ONLY,
    NATIVE_ONLY
  }

  /**
   * Builds a {@link Histogram}. Default: classic buckets and a native histogram of schema 5, at
   * most 160 native buckets, zero threshold 2^-128.
   */
  public static final class Builder extends Metric.Builder<Builder, Histogram> {
    private double[] buckets = DEFAULT_BUCKETS;
    private Mode mode = Mode.CLASSIC_AND_NATIVE;
    private int nativeSchema = 5;
    private int nativeMaxBuckets = 160;
    private double nativeZeroThreshold = 0x1p-128;
    private boolean exemplars = true;
    private ExemplarSampler.Ticker ticker; // null: the global one

    Builder() {}

    /**
     * Whether a plain {@code observe()} records the current OpenTelemetry span as an exemplar;
     * default true (it does nothing without OpenTelemetry, and {@code -Dio.prom4j.exemplars=false}
     * turns it off for every metric). {@link #observeWithExemplar(double, Labels)} records either
     * way.
     */
    public Builder exemplars(boolean enabled) {
      this.exemplars = enabled;
      return this;
    }

    /** The rate limit's ticker (tests). */
    Builder exemplarTicker(ExemplarSampler.Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Classic buckets only, no native histogram (as before native histograms existed). */
    public Builder classicOnly() {
      this.mode = Mode.CLASSIC_ONLY;
      return this;
    }

    /**
     * A native histogram only, no classic buckets: the text formats then show only {@code _count}
     * and {@code _sum}.
     */
    public Builder nativeOnly() {
      this.mode = Mode.NATIVE_ONLY;
      return this;
    }

    /**
     * The initial native schema: bucket bounds grow by the factor {@code 2^(2^-schema)}, from 65536
     * (-4) to 1.0027 (8). Default 5 (factor 1.0219).
     *
     * @throws IllegalArgumentException if not in -4..8
     */
    public Builder nativeSchema(int schema) {
      if (schema < NativeBucketIndex.MIN_SCHEMA || schema > NativeBucketIndex.MAX_SCHEMA) {
        throw new IllegalArgumentException("nativeSchema must be in -4..8: " + schema);
      }
      this.nativeSchema = schema;
      return this;
    }

    /**
     * The most populated native buckets (both signs together) before the resolution is halved.
     * Default 160.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder nativeMaxBuckets(int maxBuckets) {
      if (maxBuckets < 1) {
        throw new IllegalArgumentException("nativeMaxBuckets must be 1 or more: " + maxBuckets);
      }
      this.nativeMaxBuckets = maxBuckets;
      return this;
    }

    /**
     * Observations {@code v} with {@code |v| <= threshold} count in the zero bucket. Default 2^-128
     * (a bucket bound under every schema, as in client_golang and client_java).
     *
     * @throws IllegalArgumentException if negative, NaN or infinite
     */
    public Builder nativeZeroThreshold(double threshold) {
      if (!(threshold >= 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException(
            "nativeZeroThreshold must be finite and 0 or more: " + threshold);
      }
      this.nativeZeroThreshold = threshold + 0.0; // -0.0 becomes 0.0
      return this;
    }

    /**
     * The bucket upper bounds, strictly increasing; {@code +Inf} is appended if missing, and there
     * must be at least two bounds with it. Default: .005 .01 .025 .05 .075 .1 .25 .5 .75 1 2.5 5
     * 7.5 10 +Inf.
     */
    public Builder buckets(double... upperBounds) {
      this.buckets = Objects.requireNonNull(upperBounds, "buckets").clone();
      return this;
    }

    @Override
    public Histogram build() {
      return new Histogram(this);
    }
  }

  /**
   * One histogram series.
   *
   * <p>Implementation notes. {@link HistogramCells} holds the counts, classic-only too, and every
   * snapshot is exact: count, sum, classic and native buckets describe the same observations. An
   * observation takes no lock and allocates nothing; on a thread that owns its stripe it is one
   * atomic instruction (classic-only, it was a {@code LongAdder} and a {@code DoubleAdder}, two,
   * whose sum a scrape could read apart from the counts).
   *
   * <p>Exemplars live in {@link ExemplarSlot}s (one per classic bucket, or four for a native-only
   * histogram), each written after its observation is counted; a snapshot reads the slots before
   * the counts, so every exemplar it shows belongs to an observation it counts, in the bucket the
   * exemplar is attached to. Without OpenTelemetry an observation pays a null check for automatic
   * exemplars; with it, one due check (the histogram's sampler's epoch and the series' {@code
   * seen}, two volatile reads).
   */
  public static final class Child extends Keyed {
    private static final VarHandle SEEN;

    static {
      try {
        SEEN = MethodHandles.lookup().findVarHandle(Child.class, "seen", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final double[] upperBounds;
    private final HistogramCells cells;
    private final double created;
    private final InstantSource clock;
    private final ExemplarSampler sampler; // null: no automatic exemplars; the histogram's
    private final ExemplarSlot[] exemplars; // one per classic bucket, or the native-only places
    private volatile int seen; // the sampler's epoch this series last sampled in
    private volatile Snapshot last; // the last snapshot taken, handed back while still exact

    Child(
        Labels labels,
        double[] upperBounds,
        HistogramCells cells,
        double created,
        InstantSource clock,
        ExemplarSampler sampler) {
      super(labels);
      this.clock = clock;
      this.sampler = sampler;
      if (sampler != null) {
        this.seen = sampler.initialSeen();
      }
      this.exemplars =
          new ExemplarSlot
              [upperBounds.length > 0 ? upperBounds.length : ExemplarSampler.NATIVE_SLOTS];
      for (int i = 0; i < exemplars.length; i++) {
        exemplars[i] = new ExemplarSlot();
      }
      this.upperBounds = upperBounds;
      this.cells = cells;
      this.created = created;
    }

    /**
     * Counts one observation.
     *
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    public void observe(double value) {
      if (Double.isNaN(value)) {
        throw new IllegalArgumentException("histogram observations must not be NaN: " + value);
      }
      int bucket = bucket(value);
      cells.observe(value, bucket);
      if (sampler != null && sampler.due(this, SEEN)) {
        if (bucket >= 0) {
          sampler.offer(exemplars[bucket], value);
        } else {
          sampler.offerNative(exemplars, value);
        }
      }
    }

    /**
     * Counts one observation and keeps an exemplar of it with these labels, timestamped by the
     * builder's clock: in the classic bucket the value falls in, or, native-only, in place of the
     * oldest of four.
     *
     * @throws IllegalArgumentException if {@code value} is NaN, or the labels' names and values
     *     have more than 128 code points together
     * @throws NullPointerException if {@code exemplarLabels} is null
     */
    public void observeWithExemplar(double value, Labels exemplarLabels) {
      Objects.requireNonNull(exemplarLabels, "exemplarLabels");
      if (Double.isNaN(value)) {
        throw new IllegalArgumentException("histogram observations must not be NaN: " + value);
      }
      double now = clock.millis() / 1e3;
      Exemplar e = new Exemplar(exemplarLabels, value, now);
      int bucket = bucket(value);
      cells.observe(value, bucket);
      int slot = bucket >= 0 ? bucket : ExemplarSampler.explicitNativeTarget(exemplars, now);
      exemplars[slot].set(e);
    }

    /**
     * The classic bucket of {@code value}: the first whose upper bound is at least the value; -1
     * for a native-only histogram.
     */
    private int bucket(double value) {
      if (upperBounds.length == 0) {
        return -1;
      }
      int i = Arrays.binarySearch(upperBounds, value);
      return i >= 0 ? i : -i - 1;
    }

    /** A timer that observes the elapsed seconds when closed. */
    public Timer startTimer() {
      return new Timer(this::observe);
    }

    /**
     * A consistent snapshot of the counts, sum and created time: the last one again if no
     * observation has started since it was taken and its exemplars are still the kept ones.
     *
     * <p>Implementation note: a snapshot takes the series' lock, folds every stripe's cold half and
     * allocates the point; between two scrapes most series of an application are not observed, and
     * the check is a read of each stripe's count and each exemplar slot. Handing back the same
     * point also lets the text writers copy the lines they wrote for it. Measured on the
     * benchmarks' workload (100 histogram series beside 10,000 counter series), see {@code
     * WriterTricksBenchmark} and BENCHMARKS.md.
     */
    HistogramDataPoint snapshot() {
      Snapshot s = last;
      if (s != null && s.observations == cells.started() && showsExemplars(s.exemplars)) {
        return s;
      }
      Exemplar[] kept = exemplars(); // before the counts: see the class notes
      HistogramCells.HistogramData d = cells.snapshot();
      long[] cumulative = d.cumulative() == null ? new long[0] : d.cumulative();
      s =
          new Snapshot(
              key,
              upperBounds,
              cumulative,
              d.sum(),
              created,
              d.nativeHistogram(),
              kept,
              d.observations());
      last = s;
      return s;
    }

    /** True if every exemplar slot holds what {@code kept} (null: none) shows, by identity. */
    private boolean showsExemplars(Exemplar[] kept) {
      for (int i = 0; i < exemplars.length; i++) {
        if (exemplars[i].get() != (kept == null ? null : kept[i])) {
          return false;
        }
      }
      return true;
    }

    /** The kept exemplars by slot, or null if there are none (nothing is allocated then). */
    private Exemplar[] exemplars() {
      Exemplar[] out = null;
      for (int i = 0; i < exemplars.length; i++) {
        Exemplar e = exemplars[i].get();
        if (e != null) {
          if (out == null) {
            out = new Exemplar[exemplars.length];
          }
          out[i] = e;
        }
      }
      return out;
    }
  }

  /**
   * An immutable histogram point; the bounds array is shared and never written. {@code exemplars}
   * is null (none), or has one per classic bucket, or the native-only places; {@code observations}
   * is the count of started observations it was taken at.
   */
  private record Snapshot(
      Labels labels,
      double[] bounds,
      long[] cumulative,
      double sum,
      double created,
      NativeHistogram nativeHistogram,
      Exemplar[] exemplars,
      long observations)
      implements HistogramDataPoint {

    @Override
    public int bucketCount() {
      return bounds.length;
    }

    @Override
    public double upperBound(int i) {
      return bounds[i];
    }

    @Override
    public long cumulativeCount(int i) {
      return cumulative[i];
    }

    @Override
    public Exemplar exemplar(int i) {
      return exemplars == null || bounds.length == 0 ? null : exemplars[i];
    }

    @Override
    public int nativeExemplarCount() {
      return nativeHistogram == null || exemplars == null ? 0 : exemplars.length;
    }

    @Override
    public Exemplar nativeExemplar(int i) {
      return exemplars[i];
    }
  }
}
