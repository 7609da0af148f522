package io.prom4j;

import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
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
 *
 * <p>Each series keeps one exemplar, shown on its {@code _total} sample in OpenMetrics and in
 * protobuf: the last {@link #incWithExemplar(double, Labels)}, or, when OpenTelemetry is present
 * and a sampled span is current, the {@code trace_id} and {@code span_id} of a plain {@code inc()}
 * (at most one new one per series every 90 ms, each kept at least 7 s; {@link
 * Builder#exemplars(boolean)} turns this off).
 */
public final class Counter extends Metric<Counter.Child> {

  private final ExemplarSampler sampler; // null: no automatic exemplars; shared by the series
  private final Child unlabelled;

  private Counter(Builder builder) {
    super(builder, MetricType.COUNTER);
    this.sampler = ExemplarSampler.create(builder.exemplars, builder.ticker, clock);
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

  /**
   * Adds {@code amount} and keeps an exemplar of it with these labels (typically {@code trace_id}
   * and {@code span_id}), timestamped by the builder's clock; it replaces the series' exemplar.
   *
   * <pre>{@code
   * requests.incWithExemplar(1, Labels.of("trace_id", traceId));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code amount} is negative or NaN, or the labels' names and
   *     values have more than 128 code points together
   * @throws NullPointerException if {@code exemplarLabels} is null
   * @throws IllegalStateException if the counter has label names: use {@code labels(...)}
   */
  public void incWithExemplar(double amount, Labels exemplarLabels) {
    direct(unlabelled).incWithExemplar(amount, exemplarLabels);
  }

  @Override
  Child newChild(Labels labels) {
    return new Child(this, labels, epochSeconds(clock));
  }

  /** Builds a {@link Counter}. */
  public static final class Builder extends Metric.Builder<Builder, Counter> {
    private boolean exemplars = true;
    private ExemplarSampler.Ticker ticker; // null: the global one

    Builder() {}

    /**
     * Whether a plain {@code inc()} records the current OpenTelemetry span as an exemplar; default
     * true (it does nothing without OpenTelemetry, and {@code -Dio.prom4j.exemplars=false} turns it
     * off for every metric). {@link #incWithExemplar(double, Labels)} records either way.
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

    @Override
    public Counter build() {
      return new Counter(this);
    }
  }

  /**
   * One counter series. Its value is read when the series is scraped.
   *
   * <p>Implementation notes: whole-number increments go to a {@code long} field of the series by
   * one compare-and-set, as {@link LongAdder} updates its base; the first that fails (another
   * thread updated the series in between) creates a {@link LongAdder}, which takes every later
   * whole increment and stripes its cells under contention. Other increments add to the bits of a
   * {@code double} field in a compare-and-set loop (fractional counters are rarely contended).
   * Updates take no lock and allocate nothing but that one adder. The value is the fields plus the
   * adder, read without a lock. Against a {@code LongAdder} and a {@code DoubleAdder} per series,
   * this saves 56 B of heap per series and two of the objects a scrape visits per series: heap per
   * counter series 281 -> 225 B and the 1,000,000-series text scrape 202 -> 164 ms (p50, {@code
   * RunBigRegistry --series 1000000}); {@code inc()} unchanged within noise (medians of five
   * alternating forks of each jar: 173 against 173 ops/us on one thread, 323 against 307 on two,
   * {@code UpdateBenchmark(2Threads)?.prom4j_counterInc}; JDK 17, 2 cores). An earlier attempt that
   * also inflated a {@code DoubleAdder} measured 41% slower on two threads in one run and was
   * reverted; that did not reproduce here. The exemplar is one volatile field with {@link
   * ExemplarSlot}'s rules, written after the increment is counted; automatic exemplars cost one due
   * check (the sampler's epoch and the series' {@code seen}, two volatile reads) per increment when
   * OpenTelemetry is present, and a null check when it is not. The sampler, shared by the counter's
   * series, is read through the counter, whose one reference stands in for a clock and a sampler
   * per series.
   */
  public static final class Child extends Keyed implements CounterDataPoint {
    // Whole amounts up to 2^32 take the long path: a long then cannot overflow before 2^31
    // such increments, and its sum stays exact where a double sum would round.
    private static final double MAX_WHOLE = 0x1p32;

    private static final VarHandle SEEN;
    private static final VarHandle WHOLE;
    private static final VarHandle FRACTION;
    private static final VarHandle SPILL;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        SEEN = lookup.findVarHandle(Child.class, "seen", int.class);
        WHOLE = lookup.findVarHandle(Child.class, "whole", long.class);
        FRACTION = lookup.findVarHandle(Child.class, "fractionBits", long.class);
        SPILL = lookup.findVarHandle(Child.class, "spill", LongAdder.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final double created;
    private volatile long whole; // whole increments that found the series uncontended
    private volatile LongAdder spill; // null until a compare-and-set on whole failed
    private volatile long fractionBits; // Double bits: the sum of the other increments
    private final Counter counter; // its clock and exemplar sampler, shared by every series
    private volatile Exemplar exemplar; // ExemplarSlot's rules, without the slot object
    private volatile int seen; // the sampler's epoch this series last sampled in

    Child(Counter counter, Labels labels, double created) {
      super(labels);
      this.counter = counter;
      this.created = created;
      if (counter.sampler != null) {
        this.seen = counter.sampler.initialSeen();
      }
    }

    /** Adds one. */
    public void inc() {
      addWhole(1);
      Counter c = counter;
      ExemplarSampler s = c.sampler;
      if (s != null && s.due(this, SEEN)) {
        sampleExemplar(s, 1);
      }
      c.changed();
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
      add(amount);
      Counter c = counter;
      ExemplarSampler s = c.sampler;
      if (s != null && s.due(this, SEEN)) {
        sampleExemplar(s, amount);
      }
      c.changed();
    }

    /**
     * Adds {@code amount} and keeps an exemplar of it with these labels, timestamped by the
     * builder's clock; it replaces this series' exemplar.
     *
     * @throws IllegalArgumentException if {@code amount} is negative or NaN, or the labels' names
     *     and values have more than 128 code points together
     * @throws NullPointerException if {@code exemplarLabels} is null
     */
    public void incWithExemplar(double amount, Labels exemplarLabels) {
      Objects.requireNonNull(exemplarLabels, "exemplarLabels");
      if (!(amount >= 0)) {
        throw new IllegalArgumentException(
            "Counters can only be incremented by non-negative amounts: " + amount);
      }
      Exemplar e = new Exemplar(exemplarLabels, amount, counter.clock.millis() / 1e3);
      add(amount);
      exemplar = e;
      counter.changed();
    }

    private void add(double amount) {
      long asLong = (long) amount;
      if (asLong == amount && amount <= MAX_WHOLE) {
        addWhole(asLong);
      } else {
        long f;
        do {
          f = fractionBits;
        } while (!FRACTION.weakCompareAndSet(
            this, f, Double.doubleToRawLongBits(Double.longBitsToDouble(f) + amount)));
      }
    }

    private void addWhole(long n) {
      LongAdder s = spill;
      if (s != null) {
        s.add(n);
        return;
      }
      long w = whole;
      if (!WHOLE.compareAndSet(this, w, w + n)) {
        spilled().add(n);
      }
    }

    /**
     * The adder that takes whole increments once a compare-and-set failed, created by the first.
     */
    private LongAdder spilled() {
      LongAdder fresh = new LongAdder();
      LongAdder witness = (LongAdder) SPILL.compareAndExchange(this, null, fresh);
      return witness != null ? witness : fresh;
    }

    /** Replaces the exemplar with an automatic one of {@code amount}, if the rules allow. */
    private void sampleExemplar(ExemplarSampler s, double amount) {
      Exemplar e = s.replacement(exemplar, amount);
      if (e != null) {
        exemplar = e;
      }
    }

    /** The series' labels. */
    @Override
    public Labels labels() {
      return key;
    }

    /** The current total. */
    @Override
    public double value() {
      LongAdder s = spill;
      long w = whole;
      double f = Double.longBitsToDouble(fractionBits);
      return (s == null ? w : w + s.sum()) + f;
    }

    /** When this series was created, in seconds since the epoch, from the builder's clock. */
    @Override
    public double created() {
      return created;
    }

    /** The series' exemplar, or null. */
    @Override
    public Exemplar exemplar() {
      return exemplar;
    }
  }
}
