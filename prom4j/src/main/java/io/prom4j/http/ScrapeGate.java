package io.prom4j.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work scrapes do at once and how long one may take, for every front end of {@link
 * ScrapeHandler}: at most {@code maxInFlight} scrapes collect and render at a time (a scrape beyond
 * that waits for a slot until its deadline), and collection runs on one of at most {@code
 * maxInFlight} collector threads while the request's thread waits for it until the deadline. A
 * collector that hangs therefore holds one slot and one collector thread, never the request's
 * thread: the request is answered 503 at its deadline, and the JVM's thread count stays bounded
 * however many scrapes arrive. A collection that runs prom4j's own code only (a registry of its
 * metrics, no custom collector) cannot hang, and runs on the request's thread ({@link
 * Slot#collectHere}): the hand-off costs a wake-up of each thread per scrape.
 *
 * <p>Implementation notes. A slot is a permit of a fair {@link Semaphore} (waiting scrapes are
 * served in order). Its ownership is shared by the request and the collection task through a count
 * of two; each gives up its share when done, and the last returns the permit. So a slot stays taken
 * while its collection runs, even after the request gave up on it, and while the request renders,
 * even after the collection finished. The collector threads are daemons, started on demand and
 * ended after a minute idle; the semaphore bounds the tasks, so the pool's queue holds at most a
 * few tasks for a moment.
 *
 * <p>Slow readers. A scrape renders into its client's socket, so a client that stops reading would
 * hold its slot until the server's minimum data rate cuts it (seconds), and 20 such clients would
 * keep a normal scrape waiting past its deadline. So a scrape waiting for a slot takes the slot of
 * one whose body write has been blocked for {@link #STALL_NANOS} (the client is not reading): the
 * stalled scrape ends with an {@code IOException} as soon as its write returns, and the front end
 * closes its connection. Memory stays bounded: a preempted scrape holds its collected families only
 * until the data-rate cut unblocks it, and at most one is preempted per waiting scrape and stall
 * period.
 */
final class ScrapeGate {

  /**
   * Default slots: the core count, at least 2 and at most 4. Rendering is CPU-bound, so more
   * scrapes at once than cores only share the cores; each scrape in flight holds one collected
   * snapshot of the registry (about 100 bytes a series for the registry's own metrics); and 2 lets
   * a second Prometheus replica be served next to a slow scrape.
   */
  static final int DEFAULT_MAX_IN_FLIGHT =
      Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /**
   * Default deadline of a scrape that does not send {@code X-Prometheus-Scrape-Timeout-Seconds}: 10
   * s, Prometheus' default {@code scrape_timeout}.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest deadline a scrape-timeout header can ask for. */
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

  /** The scraper's own timeout header; Prometheus sends it with every scrape. */
  static final String TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

  /** Kept off the scraper's timeout so the answer (a 503 included) arrives before it gives up. */
  private static final long MAX_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /**
   * A body write blocked this long means the client is not reading, and its slot may go to a
   * waiting scrape: 0.5 s, in which a scraper reading at 4 Mbit/s takes a whole 256 KiB chunk.
   */
  static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** How often a scrape waiting for a slot looks for a stalled one. */
  private static final long PREEMPT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final AtomicInteger GATES = new AtomicInteger();

  private final int maxInFlight;
  private final String threadPrefix = "prom4j-scrape-" + GATES.getAndIncrement() + "-collector-";
  private final long defaultTimeoutNanos;
  private final Semaphore slots;
  private final Set<Slot> taken = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor collectors;
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

  ScrapeGate(int maxInFlight, Duration defaultTimeout) {
    this.maxInFlight = maxInFlight;
    this.defaultTimeoutNanos = defaultTimeout.toNanos();
    this.slots = new Semaphore(maxInFlight, true);
    AtomicInteger next = new AtomicInteger();
    this.collectors =
        new ThreadPoolExecutor(
            maxInFlight,
            maxInFlight,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, threadPrefix + next.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    collectors.allowCoreThreadTimeOut(true);
  }

  int maxInFlight() {
    return maxInFlight;
  }

  /** Names of this gate's collector threads start with it. */
  String threadPrefix() {
    return threadPrefix;
  }

  /**
   * The {@link System#nanoTime()} deadline of a scrape: its {@link #TIMEOUT_HEADER} (capped at
   * {@link #MAX_TIMEOUT}) less a margin of 10%, at most half a second; the default timeout when the
   * header is absent or not a positive number.
   */
  long deadline(String timeoutHeader, long now) {
    long timeout = defaultTimeoutNanos;
    if (timeoutHeader != null) {
      try {
        double seconds = Double.parseDouble(timeoutHeader.trim());
        if (seconds > 0) { // false for NaN too
          long asked = (long) (Math.min(seconds, MAX_TIMEOUT.toSeconds()) * 1e9);
          timeout = asked - Math.min(MAX_MARGIN_NANOS, asked / 10);
        }
      } catch (NumberFormatException e) {
        // not a number: the default applies
      }
    }
    return now + timeout;
  }

  /**
   * Takes a slot, waiting until {@code deadline} at most.
   *
   * @return the slot, or null if none freed up in time
   */
  Slot enter(long deadline) throws InterruptedException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (slots.tryAcquire(
          Math.min(Math.max(0, left), PREEMPT_CHECK_NANOS), TimeUnit.NANOSECONDS)) {
        Slot slot = new Slot();
        taken.add(slot);
        return slot;
      }
      if (deadline - System.nanoTime() <= 0) {
        return null;
      }
      preemptStalled(System.nanoTime());
    }
  }

  /** Takes the slot of one scrape whose body write is blocked for {@link #STALL_NANOS}. */
  private void preemptStalled(long now) {
    for (Slot slot : taken) {
      if (slot.stalled(now) && slot.giveBack()) {
        slot.preempted = true;
        warn(
            "a client stopped reading its scrape for {0} ms while {1} scrapes were in flight:"
                + " its slot went to a waiting scrape and its connection is closed",
            TimeUnit.NANOSECONDS.toMillis(STALL_NANOS), maxInFlight);
        return;
      }
    }
  }

  /** Logs at most once a minute, for events a client can cause at any rate. */
  void warn(String message, Object... params) {
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
      LOG.log(System.Logger.Level.WARNING, message, params);
    }
  }

  /** One scrape's slot; {@link #close()} gives up the request's share. */
  final class Slot implements AutoCloseable {
    private final AtomicInteger shares = new AtomicInteger(2);
    private final AtomicBoolean given = new AtomicBoolean();
    private boolean taskStarted;
    private volatile long writingSince; // 0: not in a body write
    private volatile boolean preempted;

    /**
     * Marks the start ({@code since} a {@link System#nanoTime()}) or, with 0, the end of a body
     * write to the client.
     */
    void writing(long since) {
      writingSince = since;
    }

    /** True once a waiting scrape took this slot because this one's client stopped reading. */
    boolean preempted() {
      return preempted;
    }

    private boolean stalled(long now) {
      long since = writingSince;
      return since != 0 && now - since >= STALL_NANOS;
    }

    /** Returns the permit, once: on the last share's drop or on preemption. */
    private boolean giveBack() {
      if (!given.compareAndSet(false, true)) {
        return false;
      }
      taken.remove(this);
      slots.release();
      return true;
    }

    /**
     * Runs {@code task} on a collector thread and waits for it until {@code deadline}.
     *
     * @throws TimeoutException when the deadline passed first; the task keeps the slot until it
     *     ends
     * @throws ExecutionException with what the task threw
     */
    <T> T collect(Callable<T> task, long deadline)
        throws TimeoutException, ExecutionException, InterruptedException {
      Future<T> future;
      try {
        taskStarted = true;
        future =
            collectors.submit(
                () -> {
                  try {
                    return task.call();
                  } finally {
                    drop();
                  }
                });
      } catch (RejectedExecutionException | OutOfMemoryError e) { // no collector thread
        taskStarted = false;
        return call(task); // on the request's thread: slower to give up, but answered
      }
      // Not cancelled on timeout: a task cancelled before it ran would never give up its share,
      // and interrupting a pool thread could hit the next task. The task ends when it ends.
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} on this thread: for a collection that runs prom4j's own code only, which
     * cannot hang. Like {@link #collect}, it answers a timeout if the deadline passed meanwhile.
     *
     * @throws TimeoutException when the deadline passed before the task ended
     * @throws ExecutionException with what the task threw
     */
    <T> T collectHere(Callable<T> task, long deadline) throws TimeoutException, ExecutionException {
      T result = call(task);
      if (deadline - System.nanoTime() < 0) {
        throw new TimeoutException("collecting took past the scrape's deadline");
      }
      return result;
    }

    private static <T> T call(Callable<T> task) throws ExecutionException {
      try {
        return task.call();
      } catch (Exception | Error t) {
        throw new ExecutionException(t);
      }
    }

    private void drop() {
      if (shares.decrementAndGet() == 0) {
        giveBack();
      }
    }

    @Override
    public void close() {
      if (!taskStarted) {
        drop(); // the task's share: it never ran
      }
      drop();
    }
  }
}
