package io.prom4j.internal.server;

import io.prom4j.internal.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * One running engine: the listening socket, the accept thread, the watchdog and the connections'
 * workers, wired to one {@link RequestHandler}. {@code MetricsServer} is a thin public face over
 * it.
 *
 * <p>Implementation notes: {@link #shutdown()} is serialised by {@link #lifecycle}; a second call
 * waits for the first to finish (the grace period runs under that lock, the one place where the
 * engine waits while holding a lock; see docs/architecture.md).
 */
public final class Engine {

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");

  private final Acceptor acceptor;
  private final Thread acceptThread;
  private final InetSocketAddress address;
  private final ServerTls tls;
  private final Object lifecycle = new Object();
  private boolean shutDown; // guarded by lifecycle

  private Engine(Acceptor acceptor, Thread acceptThread, InetSocketAddress address, ServerTls tls) {
    this.acceptor = acceptor;
    this.acceptThread = acceptThread;
    this.address = address;
    this.tls = tls;
  }

  /**
   * Binds {@code address}:{@code port} and starts serving; {@code tls} (null for plain HTTP) is
   * closed if the engine cannot start, and at shutdown otherwise.
   *
   * @throws UncheckedIOException naming the address and port if they cannot be bound
   */
  public static Engine start(
      InetAddress address, int port, Limits limits, RequestHandler handler, ServerTls tls) {
    return start(address, port, limits, handler, tls, null);
  }

  /**
   * {@link #start(InetAddress, int, Limits, RequestHandler, ServerTls)} with the connections'
   * thread factory injected (null for {@link WorkerThreads}), for tests of thread failures.
   */
  static Engine start(
      InetAddress address,
      int port,
      Limits limits,
      RequestHandler handler,
      ServerTls tls,
      ThreadFactory workers) {
    ServerSocketChannel channel = null;
    try {
      channel = Listener.open(address, port);
      InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
      String name = "prom4j-http-" + bound.getPort();
      Acceptor acceptor =
          new Acceptor(
              channel,
              limits,
              handler,
              tls,
              workers != null ? workers : WorkerThreads.factory(name + "-worker-"));
      Thread acceptThread = new Thread(acceptor, name + "-accept");
      acceptThread.setDaemon(true);
      acceptor.startWatchdog(name + "-watchdog");
      acceptThread.start();
      LOG.log(
          System.Logger.Level.DEBUG,
          "listening on {0} ({1})",
          bound,
          tls != null ? "https" : "http");
      return new Engine(acceptor, acceptThread, bound, tls);
    } catch (IOException e) {
      Connection.closeQuietly(channel);
      closeTls(tls);
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      if (channel != null) {
        Connection.closeQuietly(channel);
      }
      closeTls(tls);
      throw e;
    }
  }

  private static void closeTls(ServerTls tls) {
    if (tls != null) {
      tls.close();
    }
  }

  /** The bound address and port. */
  public InetSocketAddress address() {
    return address;
  }

  /** The accept thread (a daemon); it ends at shutdown. */
  public Thread acceptThread() {
    return acceptThread;
  }

  /** True when serving HTTPS. */
  public boolean https() {
    return tls != null;
  }

  /** Open connections (tests and diagnostics). */
  public int openConnections() {
    return acceptor.openConnections();
  }

  /** Connections evicted at the connection limit so far (tests and diagnostics). */
  public long evictions() {
    return acceptor.evictions();
  }

  /** Kept-alive connections waiting for their client's next request (tests and diagnostics). */
  public int idleConnections() {
    return acceptor.idleConnections();
  }

  /**
   * Stops accepting at once and releases the port, closes idle connections, gives requests being
   * answered the grace period, then closes what is left. Idempotent.
   */
  public void shutdown() {
    synchronized (lifecycle) {
      if (shutDown) {
        return;
      }
      shutDown = true;
      try {
        acceptor.shutdown(acceptThread);
      } finally {
        closeTls(tls);
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "stopped listening on {0}", address);
  }
}
