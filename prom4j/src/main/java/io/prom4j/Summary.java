package io.prom4j;

import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import io.prom4j.model.SummaryDataPoint;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts observations and sums them: payload sizes, durations. Like the Python client, it computes
 * no quantiles; the exposition shows {@code _count}, {@code _sum} and {@code _created}.
 *
 * <pre>{@code
 * Summary s = Summary.builder().name("payload_bytes").help("Payload size.").register();
 * s.observe(512);
 * }</pre>
 */
public final class Summary extends Metric<Summary.Child> {

  private final Child unlabelled;

  private Summary(Builder builder) {
    super(builder, MetricType.SUMMARY);
    this.unlabelled = initialChild();
  }

  /** A builder; {@code name} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Counts one observation and adds it to the sum.
   *
   * @throws IllegalArgumentException if {@code value} is NaN
   * @throws IllegalStateException if the summary has label names: use {@code labels(...)}
   */
  public void observe(double value) {
    direct(unlabelled).observe(value);
  }

  /**
   * A timer that observes the elapsed seconds when closed.
   *
   * @throws IllegalStateException if the summary has label names: use {@code labels(...)}
   */
  public Timer startTimer() {
    return direct(unlabelled).startTimer();
  }

  @Override
  Child newChild(Labels labels) {
    return new Child(labels, epochSeconds(clock));
  }

  /** Builds a {@link Summary}. */
  public static final class Builder extends Metric.Builder<Builder, Summary> {
    Builder() {}

    @Override
    public Summary build() {
      return new Summary(this);
    }
  }

  /**
   * One summary series. Its count and sum are read when the series is scraped.
   *
   * <p>Implementation notes: a {@link LongAdder} counts and a {@link DoubleAdder} sums, so an
   * observation takes no lock and allocates nothing. Count and sum are read one after the other: a
   * scrape concurrent with observations may see one in the sum and not yet in the count, or the
   * reverse.
   */
  public static final class Child extends Keyed implements SummaryDataPoint {
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();
    private final double created;

    Child(Labels labels, double created) {
      super(labels);
      this.created = created;
    }

    /**
     * Counts one observation and adds it to the sum.
     *
     * @throws IllegalArgumentException if {@code value} is NaN (it would make the sum NaN for good)
     */
    public void observe(double value) {
      if (Double.isNaN(value)) {
        throw new IllegalArgumentException("summary observations must not be NaN: " + value);
      }
      count.increment();
      sum.add(value);
    }

    /** A timer that observes the elapsed seconds when closed. */
    public Timer startTimer() {
      return new Timer(this::observe);
    }

    /** The series' labels. */
    @Override
    public Labels labels() {
      return key;
    }

    /** The number of observations. */
    @Override
    public long count() {
      return count.sum();
    }

    /** The sum of observations. */
    @Override
    public double sum() {
      return sum.sum();
    }

    /** When this series was created, in seconds since the epoch, from the builder's clock. */
    @Override
    public double created() {
      return created;
    }
  }
}
