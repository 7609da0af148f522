package io.prom4j.interop;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Polls a condition until it holds or a deadline passes: the only way these tests wait for another
 * process (Prometheus scrapes once a second; nothing signals us when it has).
 */
final class Eventually {

  /** An assertion block that may throw anything; an exception means "not yet". */
  @FunctionalInterface
  interface Check {
    /** Throws if the condition does not hold yet. */
    void run() throws Exception;
  }

  /** How long to wait between two attempts. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private Eventually() {}

  /**
   * Runs {@code check} until it passes; after {@code timeout} rethrows its last failure (wrapped in
   * an {@link AssertionError} saying how long we waited).
   */
  static void check(Duration timeout, Check check) {
    get(
        timeout,
        () -> {
          check.run();
          return Boolean.TRUE;
        });
  }

  /**
   * Calls {@code attempt} until it returns without throwing and returns its value; after {@code
   * timeout} rethrows its last failure.
   */
  static <T> T get(Duration timeout, Callable<T> attempt) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        return attempt.call();
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new AssertionError(
              "still failing after "
                  + timeout.toSeconds()
                  + " s ("
                  + attempts
                  + " attempts): "
                  + e.getMessage(),
              e);
        }
      }
      pause();
    }
  }

  private static void pause() {
    try {
      // the poll interval between two attempts, not a wait for an event
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling", e);
    }
  }
}
