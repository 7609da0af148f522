package io.prom4j.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Cuts connections that pass their deadline while blocked where no socket timeout reaches: a write
 * to a client that stopped reading (blocking writes have no timeout), a TLS handshake, and, as a
 * backstop, a read that a TLS record trickled byte by byte keeps alive. One daemon thread per
 * server scans the open connections every tick; a connection publishes its current deadline in a
 * volatile field, so arming costs one volatile write and no allocation. It also retires idle TLS
 * connections whose client CAs a reload replaced, and lets refused sockets linger.
 */
public final class Watchdog implements Runnable {

  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int LINGER_BYTES = 64 * 1024;
  private static final int MAX_LINGERING = 1024;

  private final ThrottledLog failures =
      new ThrottledLog(
          System.getLogger("io.prom4j.http"),
          System.Logger.Level.WARNING,
          ThrottledLog.DEFAULT_INTERVAL_NANOS);
  private final Queue<Lingering> lingering = new ConcurrentLinkedQueue<>();
  private final AtomicInteger lingeringCount = new AtomicInteger();
  private final ByteBuffer sink = ByteBuffer.allocate(4096); // the watchdog thread's only
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

  /**
   * Ticks until stopped. Survives anything (an {@link OutOfMemoryError} included): a failure is
   * logged at most once a minute and the next tick runs, because the watchdog is the only
   * enforcement of write and handshake deadlines.
   */
  @Override
  public void run() {
    while (!stopped) {
      try {
        long now = System.nanoTime();
        for (Connection c : connections) {
          try {
            c.checkDeadline(now);
          } catch (Throwable t) {
            failures.log("the watchdog failed to check a connection", t);
          }
        }
        drainLingering(now);
      } catch (Throwable t) {
        failures.log("a watchdog tick failed", t);
      }
      LockSupport.parkNanos(this, tickNanos);
    }
    for (Lingering l = lingering.poll(); l != null; l = lingering.poll()) {
      Connection.closeQuietly(l.channel);
    }
  }

  /**
   * Takes a refused, half-closed, non-blocking socket: on each tick what the client sent is
   * discarded, and the socket is closed when the client closes, after {@link #LINGER_NANOS} or
   * after {@link #LINGER_BYTES}. Beyond {@link #MAX_LINGERING} sockets, closes at once.
   */
  void linger(SocketChannel channel) {
    if (stopped || lingeringCount.incrementAndGet() > MAX_LINGERING) {
      lingeringCount.decrementAndGet();
      Connection.closeQuietly(channel);
      return;
    }
    lingering.add(new Lingering(channel, System.nanoTime() + LINGER_NANOS));
  }

  private void drainLingering(long now) {
    for (Iterator<Lingering> it = lingering.iterator(); it.hasNext(); ) {
      Lingering l = it.next();
      boolean done = now - l.until >= 0;
      try {
        while (!done) {
          sink.clear();
          int n = l.channel.read(sink);
          if (n < 0) {
            done = true;
          } else if (n == 0) {
            break;
          } else {
            l.drained += n;
            done = l.drained >= LINGER_BYTES;
          }
        }
      } catch (IOException e) {
        done = true;
      }
      if (done) {
        it.remove();
        lingeringCount.decrementAndGet();
        Connection.closeQuietly(l.channel);
      }
    }
  }

  /** A refused socket waiting for its client to read the 503 and close. */
  private static final class Lingering {
    final SocketChannel channel;
    final long until;
    int drained;

    Lingering(SocketChannel channel, long until) {
      this.channel = channel;
      this.until = until;
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
