package io.prom4j.internal.server;

import io.prom4j.internal.tls.ServerTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
 * thread at once (no TLS handshake, no read, no write that could block on a client), refuses
 * connections past the limit, and shuts the whole server down gracefully.
 *
 * <p>Implementation notes. Shared: {@link #connections} (a concurrent set; the watchdog and
 * shutdown iterate it while workers add and remove themselves), {@link #open} (the count checked
 * against the limit; it moves with the set), and {@link #stopping}, which workers read between
 * requests. Shutdown sets {@code stopping} before it looks at any connection, and a worker reads it
 * after returning to {@code READING}, so every connection is either closed by shutdown or closes
 * itself.
 */
public final class Acceptor implements Runnable {

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");
  private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ServerSocketChannel listener;
  private final Limits limits;
  private final RequestHandler handler;
  private final ServerTls tls;
  private final ThreadFactory workers;
  private final BufferPool buffers = new BufferPool();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final Watchdog watchdog;
  private final byte[] refusal;
  private final AtomicLong lastRefusalLog =
      new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);
  private volatile boolean stopping;

  public Acceptor(
      ServerSocketChannel listener,
      Limits limits,
      RequestHandler handler,
      ServerTls tls,
      ThreadFactory workers) {
    this.listener = listener;
    this.limits = limits;
    this.handler = handler;
    this.tls = tls;
    this.workers = workers;
    this.watchdog =
        new Watchdog(connections, Math.min(limits.headTimeoutNanos(), limits.writeTimeoutNanos()));
    byte[] body =
        HttpStatus.errorBody(
            HttpStatus.UNAVAILABLE,
            "too many connections (" + limits.maxConnections() + ")",
            "try again later");
    this.refusal =
        ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: "
                + HttpStatus.ERROR_CONTENT_TYPE
                + "\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n"
                + new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
  }

  /** Starts the watchdog; call once, before the accept thread runs. */
  public void startWatchdog(String name) {
    watchdog.start(name);
  }

  @Override
  public void run() {
    while (!stopping) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (ClosedChannelException e) {
        return; // shutdown
      } catch (IOException e) {
        if (stopping) {
          return;
        }
        // For example EMFILE: retrying at once would spin; the backlog holds clients meanwhile.
        LOG.log(System.Logger.Level.WARNING, "accepting a connection failed: {0}", e);
        LockSupport.parkNanos(ACCEPT_BACKOFF_NANOS);
        continue;
      }
      admit(channel.socket(), System.nanoTime());
    }
  }

  private void admit(Socket socket, long acceptedAt) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      refuse(socket);
      return;
    }
    Connection c = new Connection(this, socket, acceptedAt);
    connections.add(c);
    try {
      Thread t = workers.newThread(c);
      c.thread(t);
      t.start();
    } catch (RuntimeException | Error e) { // for example OutOfMemoryError: no native thread
      LOG.log(System.Logger.Level.WARNING, "cannot start a thread for a connection", e);
      Connection.closeQuietly(socket);
      finished(c);
    }
  }

  /**
   * Over the limit: a short 503 (plain HTTP only; the write fits an empty socket buffer, so it
   * cannot block), then close, without reading anything.
   */
  private void refuse(Socket socket) {
    long now = System.nanoTime();
    long last = lastRefusalLog.get();
    if (now - last >= REFUSAL_LOG_INTERVAL_NANOS && lastRefusalLog.compareAndSet(last, now)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "connection limit ({0}) reached: refusing new connections",
          limits.maxConnections());
    }
    if (tls == null) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(refusal);
        socket.shutdownOutput();
      } catch (IOException e) {
        // the client is gone already
      }
    }
    Connection.closeQuietly(socket);
  }

  /** Called once by every connection when it ends. */
  void finished(Connection c) {
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

  boolean stopping() {
    return stopping;
  }

  Limits limits() {
    return limits;
  }

  RequestHandler handler() {
    return handler;
  }

  ServerTls tls() {
    return tls;
  }

  BufferPool buffers() {
    return buffers;
  }

  /** Open connections, for tests and diagnostics. */
  public int openConnections() {
    return open.get();
  }
}
