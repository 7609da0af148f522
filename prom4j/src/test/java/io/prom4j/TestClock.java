package io.prom4j;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A wall clock that tests set and advance. */
final class TestClock implements InstantSource {
  private volatile Instant now;

  TestClock(Instant start) {
    this.now = start;
  }

  /** A clock at {@code millis} milliseconds since the epoch. */
  static TestClock atMillis(long millis) {
    return new TestClock(Instant.ofEpochMilli(millis));
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
