package io.prom4j.interop;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A byte-for-byte TCP relay from a local port to a target port, which can drop the connections it
 * carries.
 *
 * <p>The rotation test puts it between Prometheus and a TLS server: Go keeps scrape connections
 * alive, so without a way to end them Prometheus might never handshake again and would never see a
 * rotated certificate. Dropping an <em>idle</em> kept-alive connection is what any server may do;
 * Go's transport then retries the (idempotent) scrape on a new connection.
 *
 * <p>Threads: one acceptor, two pumps per connection (daemon threads; the relay carries a handful
 * of connections).
 */
final class TcpProxy implements AutoCloseable {

  /** One relayed connection: both sockets and when bytes last flowed. */
  private static final class Link {
    final Socket client;
    final Socket target;
    final long openedNanos = System.nanoTime();
    volatile long lastActivityNanos = openedNanos;

    Link(Socket client, Socket target) {
      this.client = client;
      this.target = target;
    }

    void close() {
      closeQuietly(client);
      closeQuietly(target);
    }
  }

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Queue<Long> acceptTimes = new ConcurrentLinkedQueue<>();

  private TcpProxy(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  /** Starts relaying {@code 127.0.0.1:<ephemeral>} to {@code 127.0.0.1:targetPort}. */
  static TcpProxy start(int targetPort) {
    try {
      ServerSocket listener = new ServerSocket();
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      TcpProxy proxy = new TcpProxy(listener, targetPort);
      Thread acceptor =
          new Thread(proxy::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** How many connections were accepted after {@code sinceNanos} ({@link System#nanoTime()}). */
  int acceptedAfter(long sinceNanos) {
    int n = 0;
    for (long t : acceptTimes) {
      if (t - sinceNanos > 0) {
        n++;
      }
    }
    return n;
  }

  /** How many connections opened at or before {@code beforeNanos} are still open. */
  int openAtOrBefore(long beforeNanos) {
    int n = 0;
    for (Link l : links) {
      if (l.openedNanos - beforeNanos <= 0) {
        n++;
      }
    }
    return n;
  }

  /**
   * Closes the connections opened at or before {@code beforeNanos} on which no byte has moved for
   * at least {@code idle}; returns how many it closed.
   */
  int closeIdleOpenedAtOrBefore(long beforeNanos, Duration idle) {
    long now = System.nanoTime();
    int closed = 0;
    for (Link l : links) {
      if (l.openedNanos - beforeNanos <= 0 && now - l.lastActivityNanos >= idle.toNanos()) {
        l.close();
        links.remove(l);
        closed++;
      }
    }
    return closed;
  }

  @Override
  public void close() {
    closeQuietly(listener);
    for (Link l : links) {
      l.close();
    }
    links.clear();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        Socket target = new Socket("127.0.0.1", targetPort);
        Link link = new Link(client, target);
        links.add(link);
        acceptTimes.add(link.openedNanos);
        pump(link, client, target, "up");
        pump(link, target, client, "down");
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Link link, Socket from, Socket to, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                  link.lastActivityNanos = System.nanoTime();
                }
              } catch (IOException e) {
                // closed by us or by the other side
              }
              // either side ending ends the link: scrape connections are not half-closed on purpose
              link.close();
              links.remove(link);
            },
            "tcp-proxy-" + direction + "-" + from.getPort());
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
