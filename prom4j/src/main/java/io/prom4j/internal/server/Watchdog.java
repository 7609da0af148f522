package io.prom4j.internal.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cuts connections that pass their deadline while blocked where no socket timeout reaches: a write
 * to a client that stopped reading (blocking writes have no timeout), a TLS handshake, and, as a
 * backstop, a read that a TLS record trickled byte by byte keeps alive. One daemon thread per
 * server scans the open connections every tick; a connection publishes its current deadline in a
 * volatile field, so arming costs one volatile write and no allocation.
 */
public final class Watchdog implements Runnable {

  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final Iterable<Connection> connections;
  private final long tickNanos;
  private volatile boolean stopped;
  private volatile Thread thread;

  /**
   * @param shortestDeadlineNanos the shortest deadline it must enforce; ticks are 1/8 of it
   */
  Watchdog(Iterable<Connection> connections, long shortestDeadlineNanos) {
    this.connections = connections;
    this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortestDeadlineNanos / 8));
  }

  /** Starts the watchdog's daemon thread. */
  void start(String name) {
    Thread t = new Thread(this, name);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void run() {
    while (!stopped) {
      long now = System.nanoTime();
      for (Connection c : connections) {
        c.checkDeadline(now);
      }
      LockSupport.parkNanos(this, tickNanos);
    }
  }

  /** Stops the thread; returns at once. */
  void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }
}
