package io.prom4j;

import io.prom4j.model.DataPoint;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

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
 */
public final class Histogram extends Metric<Histogram.Child> {

  private static final double[] DEFAULT_BUCKETS = {
    .005, .01, .025, .05, .075, .1, .25, .5, .75, 1, 2.5, 5, 7.5, 10, Double.POSITIVE_INFINITY
  };

  private final double[] upperBounds;
  private final Child unlabelled;

  private Histogram(Builder builder) {
    super(builder, MetricType.HISTOGRAM);
    this.upperBounds = upperBounds(builder.buckets);
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
   * A timer that observes the elapsed seconds when closed.
   *
   * @throws IllegalStateException if the histogram has label names: use {@code labels(...)}
   */
  public Timer startTimer() {
    return direct(unlabelled).startTimer();
  }

  /** The bucket upper bounds, ending with {@code +Inf}. */
  public List<Double> buckets() {
    List<Double> out = new ArrayList<>(upperBounds.length);
    for (double b : upperBounds) {
      out.add(b);
    }
    return List.copyOf(out);
  }

  @Override
  Child newChild(Labels labels) {
    return new Child(labels, upperBounds, epochSeconds(clock));
  }

  @Override
  List<? extends DataPoint> points(List<Child> children) {
    List<HistogramDataPoint> points = new ArrayList<>(children.size());
    for (Child c : children) {
      points.add(c.snapshot());
    }
    return points;
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

  /** Builds a {@link Histogram}. */
  public static final class Builder extends Metric.Builder<Builder, Histogram> {
    private double[] buckets = DEFAULT_BUCKETS;

    Builder() {}

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
   * <p>Implementation notes: one {@link LongAdder} per bucket, counting the observations of that
   * bucket only (not cumulative), and a {@link DoubleAdder} for the sum; an observation takes no
   * lock and allocates nothing. A scrape reads the bucket adders once each, in order, and
   * accumulates them, so the {@code +Inf} count always equals the count. Each adder only grows and
   * a later read of it sees at least what an earlier read saw, so no cumulative count of a scrape
   * is below that of an earlier scrape. The sum is read separately and may include an observation
   * that the counts do not yet show, or the reverse.
   */
  public static final class Child {
    private final Labels labels;
    private final double[] upperBounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final double created;

    Child(Labels labels, double[] upperBounds, double created) {
      this.labels = labels;
      this.upperBounds = upperBounds;
      this.counts = new LongAdder[upperBounds.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
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
      int i = Arrays.binarySearch(upperBounds, value);
      counts[i >= 0 ? i : -i - 1].increment();
      sum.add(value);
    }

    /** A timer that observes the elapsed seconds when closed. */
    public Timer startTimer() {
      return new Timer(this::observe);
    }

    /** A consistent snapshot of the counts, sum and created time. */
    HistogramDataPoint snapshot() {
      long[] cumulative = new long[counts.length];
      long total = 0;
      for (int i = 0; i < counts.length; i++) {
        total += counts[i].sum();
        cumulative[i] = total;
      }
      return new Snapshot(labels, upperBounds, cumulative, sum.sum(), created);
    }
  }

  /** An immutable histogram point; the bounds array is shared and never written. */
  private record Snapshot(
      Labels labels, double[] bounds, long[] cumulative, double sum, double created)
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
  }
}
