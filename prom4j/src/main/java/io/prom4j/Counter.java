package io.prom4j;

import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A total that only goes up: requests served, bytes sent, errors seen.
 *
 * <pre>{@code
 * Counter requests = Counter.builder()
 *     .name("myapp_requests").help("Requests served.")
 *     .labelNames("method", "code")
 *     .register();
 * requests.labels("GET", "200").inc();
 * }</pre>
 *
 * <p>A trailing {@code _total} is removed from the name; the exposition adds it back to the sample
 * ({@code myapp_requests_total}) together with {@code myapp_requests_created}, the time the child
 * was created.
 */
public final class Counter extends Metric<Counter.Child> {

  private final Child unlabelled;

  private Counter(Builder builder) {
    super(builder, MetricType.COUNTER);
    this.unlabelled = initialChild();
  }

  /** A builder; {@code name} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds one.
   *
   * @throws IllegalStateException if the counter has label names: use {@code labels(...)}
   */
  public void inc() {
    direct(unlabelled).inc();
  }

  /**
   * Adds {@code amount}.
   *
   * @throws IllegalArgumentException if {@code amount} is negative or NaN
   * @throws IllegalStateException if the counter has label names: use {@code labels(...)}
   */
  public void inc(double amount) {
    direct(unlabelled).inc(amount);
  }

  @Override
  Child newChild(Labels labels) {
    return new Child(labels, epochSeconds(clock));
  }

  /** Builds a {@link Counter}. */
  public static final class Builder extends Metric.Builder<Builder, Counter> {
    Builder() {}

    @Override
    public Counter build() {
      return new Counter(this);
    }
  }

  /**
   * One counter series. Its value is read when the series is scraped.
   *
   * <p>Implementation notes: whole-number increments go to a {@link LongAdder} and others to a
   * {@link DoubleAdder}; both stripe their cells under contention, so updates take no lock and
   * allocate nothing, and {@link #inc()} costs what {@code LongAdder.increment()} costs. The value
   * is the sum of both, read without a lock: a scrape sees every increment that finished before it
   * started.
   */
  public static final class Child implements CounterDataPoint {
    // Whole amounts up to 2^32 take the long path: a long then cannot overflow before 2^31
    // such increments, and its sum stays exact where a double sum would round.
    private static final double MAX_WHOLE = 0x1p32;

    private final Labels labels;
    private final double created;
    private final LongAdder whole = new LongAdder();
    private final DoubleAdder fraction = new DoubleAdder();

    Child(Labels labels, double created) {
      this.labels = labels;
      this.created = created;
    }

    /** Adds one. */
    public void inc() {
      whole.increment();
    }

    /**
     * Adds {@code amount}; zero is allowed.
     *
     * @throws IllegalArgumentException if {@code amount} is negative or NaN
     */
    public void inc(double amount) {
      if (!(amount >= 0)) {
        throw new IllegalArgumentException(
            "Counters can only be incremented by non-negative amounts: " + amount);
      }
      long asLong = (long) amount;
      if (asLong == amount && amount <= MAX_WHOLE) {
        whole.add(asLong);
      } else {
        fraction.add(amount);
      }
    }

    /** The series' labels. */
    @Override
    public Labels labels() {
      return labels;
    }

    /** The current total. */
    @Override
    public double value() {
      return whole.sum() + fraction.sum();
    }

    /** When this series was created, in seconds since the epoch, from the builder's clock. */
    @Override
    public double created() {
      return created;
    }
  }
}
