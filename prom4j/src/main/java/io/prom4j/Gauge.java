package io.prom4j;

import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A value that goes up and down: items queued, memory in use, a temperature.
 *
 * <pre>{@code
 * Gauge g = Gauge.builder().name("queue_size").help("Items queued.").register();
 * g.set(3); g.inc(); g.dec(2);
 * g.setFunction(() -> queue.size());   // computed at scrape time
 * }</pre>
 */
public final class Gauge extends Metric<Gauge.Child> {

  private final Child unlabelled;

  private Gauge(Builder builder) {
    super(builder, MetricType.GAUGE);
    this.unlabelled = initialChild();
  }

  /** A builder; {@code name} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sets the value.
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public void set(double value) {
    direct(unlabelled).set(value);
  }

  /**
   * Adds one.
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public void inc() {
    direct(unlabelled).inc();
  }

  /**
   * Adds {@code amount} (which may be negative).
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public void inc(double amount) {
    direct(unlabelled).inc(amount);
  }

  /**
   * Subtracts one.
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public void dec() {
    direct(unlabelled).dec();
  }

  /**
   * Subtracts {@code amount}.
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public void dec(double amount) {
    direct(unlabelled).dec(amount);
  }

  /**
   * Sets the value to the builder's clock, in seconds since the epoch (millisecond resolution).
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public void setToCurrentTime() {
    direct(unlabelled).setToCurrentTime();
  }

  /**
   * Reports {@code function}'s result at every scrape from now on (Python's {@code set_function});
   * {@code set}, {@code inc} and {@code dec} no longer show.
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public void setFunction(DoubleSupplier function) {
    direct(unlabelled).setFunction(function);
  }

  /**
   * A timer that sets the gauge to the elapsed seconds when closed.
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public Timer startTimer() {
    return direct(unlabelled).startTimer();
  }

  /**
   * Adds one now and subtracts it when the returned handle is closed: the number of blocks in
   * progress (Python's {@code track_inprogress}).
   *
   * @throws IllegalStateException if the gauge has label names: use {@code labels(...)}
   */
  public InProgress trackInProgress() {
    return direct(unlabelled).trackInProgress();
  }

  @Override
  Child newChild(Labels labels) {
    return new Child(labels, this);
  }

  /** Builds a {@link Gauge}. */
  public static final class Builder extends Metric.Builder<Builder, Gauge> {
    Builder() {}

    @Override
    public Gauge build() {
      return new Gauge(this);
    }
  }

  /**
   * One gauge series. Its value is read when the series is scraped.
   *
   * <p>Implementation notes: the value is a double kept as its bits in a volatile long; {@code set}
   * is a volatile write and {@code inc}/{@code dec} a compare-and-set loop, so updates take no lock
   * and allocate nothing.
   */
  public static final class Child extends Keyed implements GaugeDataPoint {
    private static final VarHandle BITS;

    static {
      try {
        BITS = MethodHandles.lookup().findVarHandle(Child.class, "bits", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Gauge gauge; // its clock, and what a scrape learns of changes (changed())
    private volatile long bits; // Double.doubleToRawLongBits(value); 0L is 0.0
    private volatile DoubleSupplier function;

    Child(Labels labels, Gauge gauge) {
      super(labels);
      this.gauge = gauge;
    }

    /** Sets the value. */
    public void set(double value) {
      bits = Double.doubleToRawLongBits(value);
      gauge.changed();
    }

    /** Adds one. */
    public void inc() {
      inc(1);
    }

    /** Adds {@code amount} (which may be negative). */
    public void inc(double amount) {
      long prev;
      long next;
      do {
        prev = bits;
        next = Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + amount);
      } while (!BITS.weakCompareAndSet(this, prev, next));
      gauge.changed();
    }

    /** Subtracts one. */
    public void dec() {
      inc(-1);
    }

    /** Subtracts {@code amount}. */
    public void dec(double amount) {
      inc(-amount);
    }

    /**
     * Sets the value to the builder's clock, in seconds since the epoch (millisecond resolution).
     */
    public void setToCurrentTime() {
      // millis(), not instant(): the system clock answers it without allocating an Instant.
      set(gauge.clock.millis() / 1000.0);
    }

    /**
     * Reports {@code function}'s result at every scrape from now on; {@code set}, {@code inc} and
     * {@code dec} no longer show. The function is called on the scraping thread and must be
     * thread-safe.
     */
    public void setFunction(DoubleSupplier function) {
      Objects.requireNonNull(function, "function");
      gauge.untrack(); // a function's value changes without an update
      this.function = function;
      gauge.changed();
    }

    /** A timer that sets this gauge to the elapsed seconds when closed. */
    public Timer startTimer() {
      return new Timer(this::set);
    }

    /** Adds one now and subtracts it when the returned handle is closed. */
    public InProgress trackInProgress() {
      inc();
      return new InProgress(this);
    }

    /** The series' labels. */
    @Override
    public Labels labels() {
      return key;
    }

    /** The current value, or the function's result if one is set. */
    @Override
    public double value() {
      DoubleSupplier f = function;
      return f != null ? f.getAsDouble() : Double.longBitsToDouble(bits);
    }
  }

  /**
   * Subtracts the one that {@link #trackInProgress()} added, when closed.
   *
   * <pre>{@code
   * try (Gauge.InProgress p = inProgress.trackInProgress()) {
   *   work();
   * }
   * }</pre>
   *
   * <p>Meant for the thread that created it; only the first {@link #close()} subtracts.
   */
  public static final class InProgress implements AutoCloseable {
    private final Child child;
    private boolean closed;

    InProgress(Child child) {
      this.child = child;
    }

    /** Subtracts one from the gauge, the first time only; never throws. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        child.dec();
      }
    }
  }
}
