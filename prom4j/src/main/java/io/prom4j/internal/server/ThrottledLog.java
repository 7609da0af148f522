package io.prom4j.internal.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One kind of log line that clients or a failing JVM could repeat at any rate: logged at most once
 * per interval, the next line saying how many were suppressed meanwhile. Logging itself never
 * throws out of {@link #log}, not even an {@link OutOfMemoryError} from the log backend: the
 * callers are loops that must survive anything.
 *
 * <p>Implementation notes. Thread-safe without a lock: the first caller past the interval wins a
 * compare-and-set on {@link #last} and logs; everyone else counts into {@link #suppressed}.
 */
final class ThrottledLog {

  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final System.Logger log;
  private final System.Logger.Level level;
  private final long intervalNanos;
  private final AtomicLong last;
  private final AtomicLong suppressed = new AtomicLong();

  ThrottledLog(System.Logger log, System.Logger.Level level, long intervalNanos) {
    this.log = log;
    this.level = level;
    this.intervalNanos = intervalNanos;
    this.last = new AtomicLong(System.nanoTime() - intervalNanos);
  }

  /**
   * Logs {@code message} (a {@link java.text.MessageFormat} pattern) and {@code thrown}, or not.
   */
  void log(String message, Throwable thrown, Object... params) {
    long now = System.nanoTime();
    long previous = last.get();
    if (now - previous < intervalNanos || !last.compareAndSet(previous, now)) {
      suppressed.incrementAndGet();
      return;
    }
    try {
      long skipped = suppressed.getAndSet(0);
      String text = java.text.MessageFormat.format(message, params);
      if (skipped > 0) {
        text += " (" + skipped + " more like this since the last report)";
      }
      if (thrown != null) {
        log.log(level, text, thrown);
      } else {
        log.log(level, text);
      }
    } catch (Throwable t) { // a log backend that fails, or no memory left to format the line
      // nothing to do: the caller must go on
    }
  }
}
