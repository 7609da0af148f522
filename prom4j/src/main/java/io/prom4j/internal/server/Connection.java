package io.prom4j.internal.server;

import io.prom4j.internal.tls.ServerTls;
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
 * field is confined to the worker. Closing {@link #socket} (the accepted TCP socket, beneath any
 * TLS layer) from another thread makes the worker's blocked read or write fail at once: that is how
 * the watchdog and shutdown stop it.
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

  /** After refusing a request, unread input is drained this long at most... */
  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** ...and this much at most, so the client gets our answer instead of a reset. */
  private static final int LINGER_BYTES = 64 * 1024;

  private final Acceptor server;
  private final Socket socket;
  private final long acceptedAt;
  private final AtomicInteger state = new AtomicInteger(READING);

  /** {@link System#nanoTime()} after which the watchdog closes the socket; 0 for none. */
  private volatile long deadline;

  private volatile Thread thread;

  Connection(Acceptor server, Socket socket, long acceptedAt) {
    this.server = server;
    this.socket = socket;
    this.acceptedAt = acceptedAt;
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
        LOG.log(System.Logger.Level.WARNING, "connection failed", e);
      }
    } finally {
      state.set(CLOSED);
      if (io != socket) {
        closeTls(io);
      }
      deadline = 0;
      closeQuietly(socket);
      server.finished(this);
    }
  }

  /** Serves requests until the connection ends; returns the socket to close last. */
  private Socket serve() throws IOException {
    Limits limits = server.limits();
    socket.setTcpNoDelay(true);
    long headDeadline = acceptedAt + limits.headTimeoutNanos();
    Socket io = socket;
    ServerTls tls = server.tls();
    if (tls != null) {
      deadline = headDeadline;
      SSLSocket ssl = tls.wrap(socket);
      ssl.setSoTimeout(millisUntil(headDeadline));
      try {
        ssl.startHandshake();
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
    ResponseWriter writer = new ResponseWriter();
    boolean first = true;
    while (true) {
      long waitUntil = first ? headDeadline : System.nanoTime() + limits.idleTimeoutNanos();
      deadline = waitUntil + BACKSTOP_NANOS;
      if (server.stopping() || !reader.awaitFirstByte(in, io, waitUntil)) {
        return io;
      }
      if (!first) {
        headDeadline = System.nanoTime() + limits.headTimeoutNanos();
      }
      deadline = headDeadline + BACKSTOP_NANOS;
      RequestHead head = null;
      HttpException refused = null;
      try {
        reader.readHead(in, io, headDeadline);
        head = RequestParser.parse(reader, limits);
      } catch (HttpException e) {
        refused = e;
      }
      if (!state.compareAndSet(READING, BUSY)) {
        return io; // shutdown closed the connection meanwhile
      }
      deadline = 0;
      boolean keepAlive = answer(head, refused, reader, writer, out);
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
      if (!state.compareAndSet(BUSY, READING) || server.stopping()) {
        return io;
      }
      first = false;
    }
  }

  /** Routes and writes one answer; returns whether the connection stays open. */
  private boolean answer(
      RequestHead head,
      HttpException refused,
      HeadReader reader,
      ResponseWriter writer,
      OutputStream out)
      throws IOException {
    ResponseBuffer body = server.buffers().acquire();
    try {
      Response response;
      boolean http10;
      boolean keepAlive;
      boolean omitBody = false;
      if (refused != null) {
        response = Response.error(body, refused.status(), refused.what(), refused.hint());
        http10 = refused.http10();
        keepAlive = false;
      } else {
        Request request = head.request();
        reader.consume();
        response = server.handler().handle(request, body);
        http10 = head.http10();
        // A body is never read, so the connection cannot be reused after one.
        keepAlive = head.keepAlive() && !request.hasBody() && !server.stopping();
        omitBody = request.method().equals("HEAD");
      }
      deadline = System.nanoTime() + server.limits().writeTimeoutNanos();
      writer.write(out, response, http10, !keepAlive, omitBody);
      deadline = 0;
      return keepAlive;
    } finally {
      server.buffers().release(body);
    }
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
    deadline = System.nanoTime() + server.limits().writeTimeoutNanos();
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

  /** Closes the connection whatever it is doing. */
  void forceClose() {
    state.set(CLOSED);
    closeQuietly(socket);
  }

  /** Called by the watchdog: closes the connection if its deadline has passed. */
  void checkDeadline(long now) {
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
