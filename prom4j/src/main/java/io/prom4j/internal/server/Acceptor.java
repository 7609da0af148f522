package io.prom4j.internal.server;

import io.prom4j.internal.tls.ServerTls;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The accept loop and the registry of open connections: hands every accepted socket to a new worker
 * thread at once (no TLS handshake, no read, no write that could block on a client), makes room at
 * the connection limit by evicting the connection that has waited longest for its client (an idle
 * kept-alive one, or an unfinished head), refuses a connection only when every slot is answering a
 * request, and shuts the whole server down gracefully.
 *
 * <p>Implementation notes. Shared: {@link #connections} (a concurrent set; the watchdog and
 * shutdown iterate it while workers add and remove themselves), {@link #open} (the count checked
 * against the limit; it moves with the set), and {@link #stopping}, which workers read between
 * requests. Shutdown sets {@code stopping} before it looks at any connection, and a worker reads it
 * after returning to {@code READING}, so every connection is either closed by shutdown or closes
 * itself. Only the accept thread admits and evicts, so the count cannot be raced past the limit; an
 * eviction releases the victim's slot at once (removal from the set decides who decrements, so the
 * victim's worker, ending later, does not release it twice). Eviction scans the set: O(limit) per
 * connection accepted at the limit, a few microseconds at 4096. Connections see this class only
 * through the one {@link ConnectionContext} built here, whose owner answers {@code stopping} and
 * takes {@code finished}.
 */
public final class Acceptor implements Runnable {

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");
  private static final long MIN_ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_ACCEPT_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int EVICTION_ATTEMPTS = 3;

  private final ServerSocketChannel listener;
  private final Limits limits;
  private final ServerTls tls;
  private final ThreadFactory workers;
  private final BufferPool buffers = new BufferPool();
  private final ConnectionContext context;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final Watchdog watchdog;
  private final byte[] refusal;
  private final AtomicLong evictions = new AtomicLong();
  private final ThrottledLog acceptFailures = warnings();
  private final ThrottledLog threadFailures = warnings();
  private final ThrottledLog refusalLog = warnings();
  private final ThrottledLog evictionLog =
      new ThrottledLog(LOG, System.Logger.Level.INFO, ThrottledLog.DEFAULT_INTERVAL_NANOS);
  private volatile boolean stopping;

  public Acceptor(
      ServerSocketChannel listener,
      Limits limits,
      RequestHandler handler,
      ServerTls tls,
      ThreadFactory workers) {
    this.listener = listener;
    this.limits = limits;
    this.tls = tls;
    this.workers = workers;
    this.context =
        new ConnectionContext(
            limits,
            tls,
            buffers,
            handler,
            new ConnectionContext.Owner() {
              @Override
              public boolean stopping() {
                return stopping;
              }

              @Override
              public void finished(Connection c) {
                Acceptor.this.finished(c);
              }
            });
    this.watchdog =
        new Watchdog(connections, Math.min(limits.headTimeoutNanos(), limits.writeTimeoutNanos()));
    byte[] body =
        HttpStatus.errorBody(
            HttpStatus.UNAVAILABLE,
            "all " + limits.maxConnections() + " connections are answering requests",
            "try again later");
    this.refusal =
        ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: "
                + HttpStatus.ERROR_CONTENT_TYPE
                + "\r\nRetry-After: 1\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n"
                + new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
  }

  /** Starts the watchdog; call once, before the accept thread runs. */
  public void startWatchdog(String name) {
    watchdog.start(name);
  }

  /**
   * Accepts until shutdown. Survives anything: an {@link IOException} (for example EMFILE, with the
   * backlog holding clients meanwhile) or any other {@link Throwable}, {@link OutOfMemoryError}
   * included, is logged at most once a minute, and the loop backs off (5 ms, doubling to 1 s while
   * failures continue) instead of spinning or dying.
   */
  @Override
  public void run() {
    long backoff = 0;
    while (!stopping) {
      try {
        SocketChannel channel;
        try {
          channel = listener.accept();
        } catch (ClosedChannelException e) {
          return; // shutdown
        }
        admit(channel, System.nanoTime());
        backoff = 0;
      } catch (Throwable t) {
        if (stopping) {
          return;
        }
        acceptFailures.log(
            "accepting a connection failed: {0}", t instanceof IOException ? null : t, t);
        backoff =
            backoff == 0
                ? MIN_ACCEPT_BACKOFF_NANOS
                : Math.min(MAX_ACCEPT_BACKOFF_NANOS, backoff * 2);
        LockSupport.parkNanos(backoff);
      }
    }
  }

  /**
   * Registers a connection and starts its worker. At the limit it first evicts a connection that is
   * not answering a request; only when every connection is answering one is the new one refused.
   * Whatever fails, the socket is closed and the slot released.
   */
  private void admit(SocketChannel channel, long acceptedAt) {
    Connection c = null;
    boolean counted = false;
    try {
      counted = true;
      if (open.incrementAndGet() > limits.maxConnections() && !evictOne()) {
        open.decrementAndGet();
        counted = false;
        refuse(channel);
        return;
      }
      c = new Connection(context, channel.socket(), acceptedAt);
      connections.add(c);
      Thread t = workers.newThread(c);
      c.thread(t);
      t.start();
    } catch (Throwable e) { // for example OutOfMemoryError: no native thread
      Connection.closeQuietly(channel);
      if (counted) {
        if (c != null) {
          connections.remove(c);
        }
        open.decrementAndGet(); // the worker never ran, so it cannot release the slot itself
      }
      threadFailures.log("cannot start a thread for a connection", e);
    }
  }

  /**
   * Makes room at the limit: closes the connection that has waited longest for its client, counting
   * a kept-alive connection's wait from the end of its last answer and a handshake's or request
   * head's from its start (nginx reuses kept-alive connections the same way when it runs out; a
   * scraper's kept-alive connection, idle for its whole scrape interval, goes first). Never one
   * that is answering a request. Ordering idle ones before heads regardless of age was measured to
   * fail: a flood of silent connections then evicts a client's kept-alive connection in the
   * microseconds between two of its requests (with 500 silent connections on a 256 cap, wrk saw
   * socket errors and a tenth of its scrape rate). Its slot is released here, at once, for the new
   * connection; its worker sees the closed socket and ends.
   *
   * @return false if every connection is answering a request
   */
  private boolean evictOne() {
    for (int attempt = 0; attempt < EVICTION_ATTEMPTS; attempt++) {
      Connection victim = null;
      boolean victimIdle = false;
      long victimSince = 0;
      for (Connection c : connections) {
        int kind = c.evictionClass();
        if (kind == Connection.EVICT_NEVER) {
          continue;
        }
        long since = c.since();
        boolean idle = kind == Connection.EVICT_IDLE;
        long d = since - victimSince;
        if (victim == null || d < 0 || (d == 0 && idle && !victimIdle)) {
          victim = c;
          victimIdle = idle;
          victimSince = since;
        }
      }
      if (victim == null) {
        return false;
      }
      if (victim.evict()) {
        finished(victim);
        evictions.incrementAndGet();
        evictionLog.log(
            "connection limit ({0}) reached: closing {1} connections to make room",
            null,
            limits.maxConnections(),
            victimIdle ? "idle kept-alive" : "the slowest unfinished");
        return true;
      }
      // it began answering meanwhile: look again
    }
    return false;
  }

  /**
   * Every connection is answering a request: a short 503 (plain HTTP only; the write fits an empty
   * socket buffer and the socket is non-blocking, so it cannot block), a half-close, and the socket
   * goes to the watchdog, which discards what the client still sends for up to a second before
   * closing: a close with the client's request unread would send a reset that can destroy the 503
   * before the client reads it.
   */
  private void refuse(SocketChannel channel) {
    refusalLog.log(
        "connection limit ({0}) reached with every connection answering a request: refusing"
            + " new connections",
        null, limits.maxConnections());
    if (tls != null) {
      Connection.closeQuietly(channel);
      return;
    }
    try {
      channel.configureBlocking(false);
      channel.write(java.nio.ByteBuffer.wrap(refusal));
      channel.shutdownOutput();
    } catch (IOException e) {
      Connection.closeQuietly(channel); // the client is gone already
      return;
    }
    watchdog.linger(channel);
  }

  /** Releases the slot of a connection that ended or was evicted; idempotent per connection. */
  private void finished(Connection c) {
    if (connections.remove(c)) {
      open.decrementAndGet();
    }
  }

  /**
   * Stops accepting at once, closes connections waiting for a request, gives connections that are
   * answering one {@code graceNanos} to finish, then closes whatever is left and disposes the
   * pooled response buffers.
   */
  public void shutdown(Thread acceptThread) {
    stopping = true;
    Connection.closeQuietly(listener);
    long end = System.nanoTime() + limits.shutdownGraceNanos();
    boolean interrupted = false;
    try {
      // Once the accept thread is gone, no connection can be added behind our back.
      interrupted = join(acceptThread, end);
      for (Connection c : connections) {
        c.closeIfIdle();
      }
      for (Connection c : connections) {
        if (interrupted) {
          break; // the caller wants out: close the rest now
        }
        interrupted = join(c.thread(), end);
      }
    } finally {
      for (Connection c : connections) {
        c.forceClose();
      }
      watchdog.stop();
      buffers.close(); // a stopped server pins no arrays
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for {@code t} until {@code end}; returns true if interrupted. */
  private static boolean join(Thread t, long end) {
    if (t == null || t == Thread.currentThread()) {
      return false;
    }
    try {
      long left = end - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  /** The pool of response buffers its connections share, for tests. */
  BufferPool buffers() {
    return buffers;
  }

  private static ThrottledLog warnings() {
    return new ThrottledLog(LOG, System.Logger.Level.WARNING, ThrottledLog.DEFAULT_INTERVAL_NANOS);
  }

  /** Connections evicted at the limit so far, for tests and diagnostics. */
  public long evictions() {
    return evictions.get();
  }

  /** Open connections, for tests and diagnostics. */
  public int openConnections() {
    return open.get();
  }

  /**
   * Connections kept alive and waiting for their client's next request, for tests and diagnostics.
   */
  public int idleConnections() {
    int n = 0;
    for (Connection c : connections) {
      if (c.evictionClass() == Connection.EVICT_IDLE) {
        n++;
      }
    }
    return n;
  }
}
