package io.prom4j;

import java.util.Objects;
import java.util.function.DoubleConsumer;

/**
 * Times a block of code and records the duration in seconds when closed (Python's {@code time()}
 * context manager).
 *
 * <pre>{@code
 * try (Timer t = histogram.startTimer()) {
 *   work();
 * }
 * }</pre>
 *
 * <p>A histogram or summary observes the duration; a gauge is set to it. The duration is measured
 * with {@link System#nanoTime()}, so wall-clock changes do not affect it. A timer is meant for the
 * thread that started it; only its first {@link #observeDuration()} or {@link #close()} records.
 */
public final class Timer implements AutoCloseable {

  private final DoubleConsumer sink;
  private final long start;
  private boolean done;
  private double seconds;

  Timer(DoubleConsumer sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.start = System.nanoTime();
  }

  /**
   * Records the seconds elapsed since the timer started and returns them. Later calls record
   * nothing and return the same duration.
   */
  public double observeDuration() {
    if (!done) {
      done = true;
      seconds = (System.nanoTime() - start) / 1e9;
      sink.accept(seconds);
    }
    return seconds;
  }

  /** Same as {@link #observeDuration()}; never throws. */
  @Override
  public void close() {
    observeDuration();
  }
}
