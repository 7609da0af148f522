package io.prom4j.internal.server;

import io.prom4j.internal.tls.ServerTls;
import io.prom4j.internal.tls.TlsConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * One accepted connection and the loop its worker thread runs: TLS handshake (if any), then read a
 * head, route it, write the answer, and again while the connection is kept alive.
 *
 * <p>Implementation notes. Shared with other threads: {@link #state} (shutdown closes only
 * connections that are {@code READING}, never one whose request is being answered; the CAS from
 * {@code READING} to {@code BUSY} decides the race), and {@link #deadline}, which the {@link
 * Watchdog} reads to cut a connection that overstays a handshake, a head or a write. Every other
 * field is confined to the worker, or immutable: the {@link ConnectionContext} is all it knows of
 * its server. Closing {@link #socket} (the accepted TCP socket, beneath any TLS layer) from another
 * thread makes the worker's blocked read or write fail at once: that is how the watchdog and
 * shutdown stop it.
 *
 * <p>Closing is graceful wherever the client may still be sending: half-close, discard what arrives
 * for a bounded time, then close. A plain close with unread input sends a TCP reset, and a reset
 * can destroy what we sent last (an error answer, or the TLS alert that tells a client why its
 * handshake was refused) before the client reads it. The TLS layer never closes {@link #socket}
 * itself ({@link ServerTls#wrap}), so this class decides how it ends.
 */
public final class Connection implements Runnable {

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");

  private static final int READING = 0;
  private static final int BUSY = 1;
  private static final int CLOSED = 2;

  /** The watchdog's margin over deadlines that socket timeouts already enforce. */
  private static final long BACKSTOP_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Time a client may take for any write beyond what the minimum data rate allows. */
  private static final long WRITE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** After refusing a request, unread input is drained this long at most... */
  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** ...and this much at most, so the client gets our answer instead of a reset. */
  private static final int LINGER_BYTES = 64 * 1024;

  static final int EVICT_NEVER = -1;
  static final int EVICT_IDLE = 0;
  static final int EVICT_HEAD = 1;

  private static final ThrottledLog FAILURES =
      new ThrottledLog(LOG, System.Logger.Level.WARNING, ThrottledLog.DEFAULT_INTERVAL_NANOS);

  private final ConnectionContext context;
  private final Socket socket;
  private final long acceptedAt;
  private final AtomicInteger state = new AtomicInteger(READING);

  /** Waiting for a later request with nothing of it received (a kept-alive connection). */
  private volatile boolean idle;

  /** When the current idle wait or head began; the first head counts from the accept. */
  private volatile long since;

  /** The TLS layer, set once by the worker before its first request; null for plain HTTP. */
  private volatile TlsConnection tlsConnection;

  /** {@link System#nanoTime()} after which the watchdog closes the socket; 0 for none. */
  private volatile long deadline;

  private volatile Thread thread;

  Connection(ConnectionContext context, Socket socket, long acceptedAt) {
    this.context = context;
    this.socket = socket;
    this.acceptedAt = acceptedAt;
    this.since = acceptedAt;
  }

  @Override
  public void run() {
    Socket io = socket;
    try {
      io = serve();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "connection ended: {0}", e);
    } catch (RuntimeException | Error e) {
      if (state.get() != CLOSED) {
        FAILURES.log("connection failed", e);
      }
    } finally {
      // Nested: whatever closing throws (an Error included), the slot is released.
      try {
        state.set(CLOSED);
        idle = false;
        if (io != socket) {
          closeTls(io);
        }
      } finally {
        try {
          deadline = 0;
          closeQuietly(socket);
        } finally {
          context.owner().finished(this);
        }
      }
    }
  }

  /** Serves requests until the connection ends; returns the socket to close last. */
  private Socket serve() throws IOException {
    Limits limits = context.limits();
    socket.setTcpNoDelay(true);
    long headDeadline = acceptedAt + limits.headTimeoutNanos();
    Socket io = socket;
    ServerTls tls = context.tls();
    if (tls != null) {
      deadline = headDeadline;
      TlsConnection t = tls.open(socket);
      tlsConnection = t;
      SSLSocket ssl = t.socket();
      ssl.setSoTimeout(millisUntil(headDeadline));
      try {
        t.handshake();
      } catch (IOException e) {
        // JSSE has sent its alert (bad_certificate, protocol_version, ...) if it had one, and
        // left the socket open: let the client read the alert, within the head deadline.
        drainBeforeClose(lingerUntil(headDeadline));
        throw e;
      }
      io = ssl;
    }
    InputStream in = io.getInputStream();
    OutputStream out = io.getOutputStream();
    HeadReader reader = new HeadReader(limits);
    StreamingResponse response = new StreamingResponse(new ResponseWriter());
    boolean first = true;
    while (true) {
      long waitUntil;
      if (first) {
        waitUntil = headDeadline;
      } else {
        long now = System.nanoTime();
        if (retired(now, true)) {
          return io;
        }
        waitUntil = now + limits.idleTimeoutNanos();
        long age = limits.maxConnectionAgeNanos();
        if (age > 0 && waitUntil - (acceptedAt + age) > 0) {
          waitUntil = acceptedAt + age; // closed when it comes of age while idle
        }
        since = now;
        idle = true;
      }
      deadline = waitUntil + BACKSTOP_NANOS;
      if (context.owner().stopping() || !reader.awaitFirstByte(in, io, waitUntil)) {
        return io;
      }
      if (!first) {
        long now = System.nanoTime();
        headDeadline = now + limits.headTimeoutNanos();
        since = now;
        idle = false;
      }
      deadline = headDeadline + BACKSTOP_NANOS;
      RequestHead head = null;
      HttpException refused = null;
      try {
        head = reader.readHead(in, io, headDeadline);
      } catch (HttpException e) {
        refused = e;
      }
      if (!state.compareAndSet(READING, BUSY)) {
        return io; // shutdown or eviction closed the connection meanwhile
      }
      deadline = 0;
      boolean keepAlive = answer(head, refused, reader, response, out);
      if (!keepAlive) {
        boolean unread =
            refused != null
                ? refused.status() != HttpStatus.REQUEST_TIMEOUT
                : head.request().hasBody() || reader.hasBufferedBytes();
        if (unread) {
          if (io != socket) {
            closeTls(io); // close_notify first: the TLS stream ends before the TCP one
          }
          drainBeforeClose(System.nanoTime() + LINGER_NANOS);
        }
        return io;
      }
      if (!state.compareAndSet(BUSY, READING) || context.owner().stopping()) {
        return io;
      }
      first = false;
    }
  }

  /**
   * True if this connection must not take another request: past {@link
   * Limits#maxConnectionAgeNanos}, or authorized under client CAs that a reload has since replaced
   * ({@code refresh}: first check the TLS files if a check is due, on this thread).
   */
  private boolean retired(long now, boolean refresh) {
    long age = context.limits().maxConnectionAgeNanos();
    if (age > 0 && now - acceptedAt >= age) {
      return true;
    }
    TlsConnection t = tlsConnection;
    if (t == null) {
      return false;
    }
    ServerTls tls = context.tls();
    int current = refresh ? tls.refresh() : tls.trustGeneration();
    return current != t.trustGeneration();
  }

  /** Routes and writes one answer; returns whether the connection stays open. */
  private boolean answer(
      RequestHead head,
      HttpException refused,
      HeadReader reader,
      StreamingResponse response,
      OutputStream out)
      throws IOException {
    ResponseBuffer body = context.buffers().acquire();
    try {
      StreamingResponse.Sink sink =
          (b, off, len) -> {
            deadline = writeDeadline(len);
            out.write(b, off, len);
            out.flush();
            deadline = 0;
          };
      if (refused != null) {
        response.start(sink, body, refused.http10(), true, false, () -> true);
        response.error(refused.status(), refused.what(), refused.hint());
        response.finish();
        return false;
      }
      Request request = head.request();
      reader.consume();
      // Decided before the handler runs: a streamed answer sends its head early. A body is
      // never read, so the connection cannot be reused after one.
      boolean keepAlive =
          head.keepAlive()
              && !request.hasBody()
              && !context.owner().stopping()
              && !retired(System.nanoTime(), false);
      response.start(
          sink,
          body,
          head.http10(),
          !keepAlive,
          request.method().equals("HEAD"),
          context.owner()::stopping);
      context.handler().handle(request, response);
      response.finish();
      return keepAlive && !response.closeAfter();
    } finally {
      context.buffers().release(body);
    }
  }

  /**
   * The deadline of one write of {@code len} bytes: the client must take them at the minimum data
   * rate, after a grace second for a reader that pauses (a GC, a busy scraper), and never later
   * than the write timeout. A client that stops reading is cut within seconds, whatever the size of
   * the exposition, and one that reads steadily may take as long as it needs for a large one.
   */
  private long writeDeadline(int len) {
    Limits limits = context.limits();
    long atRate =
        WRITE_GRACE_NANOS
            + (long) ((double) len * TimeUnit.SECONDS.toNanos(1) / limits.minWriteBytesPerSecond());
    return System.nanoTime() + Math.min(limits.writeTimeoutNanos(), atRate);
  }

  /**
   * Sends close_notify on the TLS layer (idempotent). Over TLS 1.2 JSSE then waits for the client's
   * close_notify, because the layer does not close the TCP socket itself; the read timeout bounds
   * that wait to {@link #LINGER_NANOS}, the watchdog bounds the write.
   */
  private void closeTls(Socket tlsSocket) {
    if (tlsSocket.isClosed()) {
      return;
    }
    deadline = System.nanoTime() + context.limits().writeTimeoutNanos();
    try {
      socket.setSoTimeout(millisUntil(System.nanoTime() + LINGER_NANOS));
    } catch (IOException e) {
      // the socket is closed already: close() below fails fast
    }
    closeQuietly(tlsSocket);
  }

  /** {@link #LINGER_NANOS} from now, but not past {@code limit}. */
  private static long lingerUntil(long limit) {
    long now = System.nanoTime();
    return limit - now < LINGER_NANOS ? limit : now + LINGER_NANOS;
  }

  /**
   * Half-closes the TCP socket and discards what the client still sends (an unread body, a
   * pipelined request, the rest of a refused TLS handshake) until it closes, {@code until} passes
   * or {@link #LINGER_BYTES} arrived: closing a socket with unread input sends a reset, which can
   * destroy the answer or the TLS alert before the client reads it.
   */
  private void drainBeforeClose(long until) {
    try {
      socket.shutdownOutput();
      deadline = until + BACKSTOP_NANOS;
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[4096];
      int total = 0;
      while (total < LINGER_BYTES) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        socket.setSoTimeout(millisUntil(until));
        int n = in.read(sink);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (IOException e) {
      // the client is gone or slow: closing is all that is left
    }
  }

  /** The worker thread, set before it starts. */
  void thread(Thread t) {
    thread = t;
  }

  Thread thread() {
    return thread;
  }

  /** Closes the connection if it is waiting for a request (not answering one). */
  void closeIfIdle() {
    if (state.compareAndSet(READING, CLOSED)) {
      closeQuietly(socket);
    }
  }

  /**
   * What eviction may take: {@link #EVICT_IDLE} for a kept-alive connection waiting for its next
   * request, {@link #EVICT_HEAD} for one in its TLS handshake or request head (a first request
   * counts from the accept), {@link #EVICT_NEVER} while it answers a request or is closed. Racy by
   * design: {@link #evict()} decides.
   */
  int evictionClass() {
    if (state.get() != READING) {
      return EVICT_NEVER;
    }
    return idle ? EVICT_IDLE : EVICT_HEAD;
  }

  /** {@link System#nanoTime()} at which the current idle wait or head began. */
  long since() {
    return since;
  }

  /** Closes the connection to make room for a new one, unless it has begun answering. */
  boolean evict() {
    if (state.compareAndSet(READING, CLOSED)) {
      closeQuietly(socket);
      return true;
    }
    return false;
  }

  /** Closes the connection whatever it is doing. */
  void forceClose() {
    state.set(CLOSED);
    closeQuietly(socket);
  }

  /**
   * Called by the watchdog: closes the connection if its deadline has passed, or if it is idle and
   * its TLS trust generation is out of date.
   */
  void checkDeadline(long now) {
    if (idle && tlsConnection != null && retired(now, false)) {
      closeIfIdle();
      return;
    }
    long d = deadline;
    if (d != 0 && now - d > 0) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "closing a connection past its deadline: {0}",
          socket.getRemoteSocketAddress());
      closeQuietly(socket);
    }
  }

  private static int millisUntil(long deadline) {
    long left = Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
    return (int) Math.min(Integer.MAX_VALUE, left);
  }

  public static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do: the connection is over
    }
  }
}
