package io.prom4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A background updater that gives a fraction of a workload's series new values between scrapes:
 * every {@link #INTERVAL_NANOS} it increments the next slice of the counter series and observes
 * once into the next slice of the histogram series of each of its registries, rotating through
 * them, so the scraped values keep changing as an application's do.
 *
 * <p>The rate is fixed, one slice per millisecond, rather than tied to each server's scrape rate:
 * every target (the ceiling, prom4j, client_java) then runs beside an updater doing the same work
 * on its own registry, about 6% of one core at 10,000 series (53-66 ms of CPU a second for prom4j's
 * registry with no scrapes, most of it the thousand wake-ups). {@link RunScrapes} runs one updater
 * per library and only while that library's server (or, for prom4j's, the ceiling) is measured: an
 * earlier version updated both libraries' registries during every measurement, so each server also
 * paid for updates to a registry it does not serve. At the scrape rates of these machines each
 * scrape sees at least {@code fraction} of the series changed since the one before if its p50
 * latency is a millisecond or more; faster servers see a slice every few scrapes.
 *
 * <p>Not thread-safe to configure: {@link #target()}, {@link #start()} and {@link #stop()} from one
 * thread; the updates themselves are the metric libraries' own thread-safe increments. JMH
 * benchmarks in prom4j's own packages drive it without the thread, one {@link #step()} per scrape.
 */
public final class Churn {
  static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final double fraction;
  private final List<Target> targets = new ArrayList<>();
  private volatile boolean running;
  private Thread thread;

  /** {@code fraction} of every target's series change per slice: in (0, 1]. */
  public Churn(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("churn must be in (0, 1]: " + fraction);
    }
    this.fraction = fraction;
  }

  /** A new target whose series the updater changes; a registry builder fills it. */
  public Target target() {
    Target t = new Target();
    targets.add(t);
    return t;
  }

  /** Starts the updater thread. */
  void start() {
    running = true;
    thread = new Thread(this::run, "churn");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the updater thread and waits for it. */
  void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
      thread = null;
    }
  }

  private long slice;

  private void run() {
    while (running) {
      step();
      LockSupport.parkNanos(INTERVAL_NANOS);
    }
  }

  /** Updates the next slice of every target (what the thread does every interval). */
  public void step() {
    for (Target t : targets) {
      sweep(t.counters, slice);
      sweep(t.histograms, slice);
    }
    slice++;
  }

  /** Updates the {@code slice}-th run of {@code fraction} of {@code series}, wrapping around. */
  private void sweep(List<Runnable> series, long slice) {
    int n = series.size();
    if (n == 0) {
      return;
    }
    int count = Math.max(1, (int) Math.round(n * fraction));
    long from = slice * count;
    for (int i = 0; i < count; i++) {
      series.get((int) ((from + i) % n)).run();
    }
  }

  /** The update of each series of one registry, in workload order. */
  public static final class Target {
    final List<Runnable> counters = new ArrayList<>();
    final List<Runnable> histograms = new ArrayList<>();
  }
}
