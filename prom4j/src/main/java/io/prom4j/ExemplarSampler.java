package io.prom4j;

import io.prom4j.model.Exemplar;
import io.prom4j.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Automatic exemplars for the series of one metric: at most one attempt per series and tick of a
 * {@link Ticker} (90 ms by default), and only when a sampled OpenTelemetry span is current.
 *
 * <p>Rules, as client_java's defaults: an automatic exemplar replaces a kept one only once that is
 * at least {@link #MIN_RETENTION_SECONDS} (7 s) old, so a scrape has time to see it; in a
 * native-only histogram's {@link #NATIVE_SLOTS} places one older than {@link
 * #MAX_RETENTION_SECONDS} (70 s) is replaced first. Explicit {@code ...WithExemplar} calls do not
 * come here: they always record.
 *
 * <p>Implementation notes: one sampler serves every series of its metric; the per-series state is
 * one volatile {@code int}, the epoch the series last sampled in, kept by the series itself (an
 * object per series would cost 32 B). The hot path reads the ticker's volatile epoch ({@link
 * #epoch()}) and the series' {@code seen} epoch; when they are equal (almost always) nothing else
 * happens. When the epoch moved, one thread wins a CAS on the series' {@code seen}, tells the
 * ticker ({@link #claimed(int)}) and looks at the current span; the others return. Looking at the
 * span allocates nothing when there is no sampled span; only recording allocates (the labels and
 * the exemplar). Ages come from the metric's clock, so tests pin them.
 */
final class ExemplarSampler {

  /** An automatic exemplar is kept at least this long (client_java's default). */
  static final double MIN_RETENTION_SECONDS = 7;

  /** An automatic exemplar older than this is replaced first (client_java's default). */
  static final double MAX_RETENTION_SECONDS = 70;

  /** Places for the exemplars of a native-only histogram (client_java keeps 4 too). */
  static final int NATIVE_SLOTS = 4;

  /**
   * The global switch: {@code -Dio.prom4j.exemplars=false} turns automatic exemplars off for every
   * metric built afterwards (read once; prom4j never writes it).
   */
  static final String PROPERTY = "io.prom4j.exemplars";

  private final Ticker ticker;
  private final OpenTelemetrySpans spans;
  private final InstantSource clock;

  ExemplarSampler(Ticker ticker, OpenTelemetrySpans spans, InstantSource clock) {
    this.ticker = ticker;
    this.spans = spans;
    this.clock = clock;
  }

  /**
   * The sampler for a new metric's series, or null when automatic exemplars are off for it: the
   * builder said so, the global property did, or there is no tracer.
   */
  static ExemplarSampler create(boolean enabled, Ticker ticker, InstantSource clock) {
    OpenTelemetrySpans spans = OpenTelemetrySpans.CURRENT;
    if (!enabled || spans == null || !Global.ENABLED) {
      return null;
    }
    return new ExemplarSampler(ticker == null ? Ticker.global() : ticker, spans, clock);
  }

  /** The {@code seen} epoch a new series starts with: its first update may sample. */
  int initialSeen() {
    return ticker.epoch - 1;
  }

  /**
   * True, for one caller per tick of the ticker: the series' {@code int} epoch, read and moved by
   * {@code seen} (a {@code static final} handle of the series' class, which the JIT folds once this
   * small method is inlined), differed from the current one and this caller's CAS moved it. That
   * caller may look for an exemplar; the demand keeps the ticker going.
   */
  boolean due(Object series, VarHandle seen) {
    int epoch = ticker.epoch;
    int last = (int) seen.getVolatile(series);
    if (epoch != last && seen.compareAndSet(series, last, epoch)) {
      ticker.demanded(epoch);
      return true;
    }
    return false;
  }

  /** Seconds since the epoch from the metric's clock. */
  double now() {
    return clock.millis() / 1e3;
  }

  /**
   * An exemplar of {@code value} with the current sampled span's ids, or null if there is none.
   * Marks the span as linked from an exemplar.
   */
  Exemplar sample(double value, double now) {
    Object ctx = spans.sampledSpan();
    if (ctx == null) {
      return null;
    }
    Labels ids = spans.labels(ctx);
    if (ids == null) {
      return null;
    }
    spans.markCurrentSpan();
    return new Exemplar(ids, value, now);
  }

  /** Offers {@code value} to a single slot (a classic bucket). */
  void offer(ExemplarSlot slot, double value) {
    Exemplar e = replacement(slot.get(), value);
    if (e != null) {
      slot.set(e);
    }
  }

  /**
   * The automatic exemplar of {@code value} that replaces {@code kept} (a counter series'), or null
   * if {@code kept} stays: it is younger than {@link #MIN_RETENTION_SECONDS}, or no sampled span is
   * current.
   */
  Exemplar replacement(Exemplar kept, double value) {
    double now = now();
    return ExemplarSlot.replaceable(kept, now, MIN_RETENTION_SECONDS) ? sample(value, now) : null;
  }

  /**
   * Offers {@code value} to a native-only histogram's slots: an empty or expired place first, then
   * the smallest (if {@code value} is smaller) or the largest (if larger), then the oldest of the
   * others, each only once it is {@link #MIN_RETENTION_SECONDS} old. The extremes are kept longest,
   * so the slow request's trace survives.
   */
  void offerNative(ExemplarSlot[] slots, double value) {
    double now = now();
    int target = nativeTarget(slots, value, now);
    if (target >= 0) {
      Exemplar e = sample(value, now);
      if (e != null) {
        slots[target].set(e);
      }
    }
  }

  static int nativeTarget(ExemplarSlot[] slots, double value, double now) {
    int min = -1;
    int max = -1;
    int oldest = -1;
    for (int i = 0; i < slots.length; i++) {
      Exemplar e = slots[i].get();
      if (e == null || !(now - e.timestamp() < MAX_RETENTION_SECONDS)) {
        return i;
      }
      if (min < 0 || e.value() < slots[min].get().value()) {
        min = i;
      }
      if (max < 0 || e.value() > slots[max].get().value()) {
        max = i;
      }
    }
    // A concurrent writer may have replaced a slot since: re-read and tolerate the change.
    if (value < valueOf(slots[min]) && slots[min].replaceable(now, MIN_RETENTION_SECONDS)) {
      return min;
    }
    if (value > valueOf(slots[max]) && slots[max].replaceable(now, MIN_RETENTION_SECONDS)) {
      return max;
    }
    for (int i = 0; i < slots.length; i++) {
      if (i != min && i != max && (oldest < 0 || timeOf(slots[i]) < timeOf(slots[oldest]))) {
        oldest = i;
      }
    }
    return oldest >= 0 && slots[oldest].replaceable(now, MIN_RETENTION_SECONDS) ? oldest : -1;
  }

  /**
   * The place an explicit exemplar takes in a native-only histogram: an empty or expired one, else
   * the oldest.
   */
  static int explicitNativeTarget(ExemplarSlot[] slots, double now) {
    int oldest = 0;
    for (int i = 0; i < slots.length; i++) {
      Exemplar e = slots[i].get();
      if (e == null || !(now - e.timestamp() < MAX_RETENTION_SECONDS)) {
        return i;
      }
      if (e.timestamp() < timeOf(slots[oldest])) {
        oldest = i;
      }
    }
    return oldest;
  }

  private static double valueOf(ExemplarSlot slot) {
    Exemplar e = slot.get();
    return e == null ? Double.NaN : e.value();
  }

  private static double timeOf(ExemplarSlot slot) {
    Exemplar e = slot.get();
    return e == null ? Double.NEGATIVE_INFINITY : e.timestamp();
  }

  /** The global switch, read once. */
  private static final class Global {
    static final boolean ENABLED = !"false".equalsIgnoreCase(readProperty());

    private static String readProperty() {
      try {
        return System.getProperty(PROPERTY, "true");
      } catch (SecurityException e) {
        return "true";
      }
    }
  }

  /**
   * The rate limit's clock: an epoch that a daemon thread advances every 90 ms. Samplers compare it
   * with the epoch they last sampled in, so the hot path reads two ints and never the time.
   *
   * <p>The global ticker's thread starts with the first sampler, which exists only when
   * OpenTelemetry is present: an application without it has no such thread. It stops after {@link
   * #IDLE_TICKS} ticks (70 s) in which no sampler was due, so an application that stopped updating
   * metrics (an undeployed web application, say) is left with no prom4j thread holding its class
   * loader. On stopping it moves the epoch once more: the next update of any series is then due,
   * and {@link #demanded} starts the thread again. The fast path pays nothing for this.
   */
  static final class Ticker {
    /** client_java's default sample interval. */
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(90);

    /** Ticks without demand after which the thread stops: 70 s, the longest retention. */
    static final int IDLE_TICKS = (int) (MAX_RETENTION_SECONDS * 1e9 / INTERVAL_NANOS); // 777

    private static final VarHandle STOPPED;

    static {
      try {
        STOPPED = MethodHandles.lookup().findVarHandle(Ticker.class, "stopped", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile int epoch;
    private volatile int lastDemand;
    private volatile boolean stopped;
    private final boolean threaded;

    /** A ticker that only {@link #tick()} moves (tests). */
    Ticker() {
      this(false);
    }

    private Ticker(boolean threaded) {
      this.threaded = threaded;
    }

    /** The shared ticker, started on first use. */
    static Ticker global() {
      return GlobalTicker.INSTANCE;
    }

    /**
     * Moves to the next epoch, so each sampler may sample once more; returns false, having stopped,
     * when no sampler was due for {@link #IDLE_TICKS} ticks.
     */
    boolean tick() {
      int next = epoch + 1; // a single ticking thread at a time
      if (next - lastDemand > IDLE_TICKS) {
        stopped = true; // written before the epoch, so whoever sees the epoch sees this
        epoch = next;
        return false;
      }
      epoch = next;
      return true;
    }

    /** True once {@link #tick()} stopped and no demand restarted it. */
    boolean stopped() {
      return stopped;
    }

    /** A sampler was due in {@code epoch}: keeps the ticker going, or starts it again. */
    void demanded(int epoch) {
      lastDemand = epoch;
      if (stopped && STOPPED.compareAndSet(this, true, false) && threaded) {
        startThread();
      }
    }

    private void startThread() {
      Thread thread =
          new Thread(
              () -> {
                do {
                  LockSupport.parkNanos(INTERVAL_NANOS);
                } while (tick());
              },
              "prom4j-exemplar-ticker");
      thread.setDaemon(true);
      thread.setContextClassLoader(null); // hold no application class loader
      thread.start();
    }

    private static final class GlobalTicker {
      static final Ticker INSTANCE = start();

      private static Ticker start() {
        Ticker t = new Ticker(true);
        t.startThread();
        return t;
      }
    }
  }
}
