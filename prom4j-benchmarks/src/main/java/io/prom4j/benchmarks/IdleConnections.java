package io.prom4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Holds {@code target} TCP connections to a server open and says nothing on them, from one selector
 * thread with non-blocking channels. A server that closes one (an idle timeout, or eviction at its
 * connection cap) is answered with a new connection at once, so that {@code target} stay attempted
 * throughout; {@link #reconnects()} counts those.
 *
 * <p>Implementation notes: only the selector thread opens, reads and closes channels and writes the
 * counters; the others read them (volatile, single writer).
 */
final class IdleConnections implements AutoCloseable {
  private final InetSocketAddress server;
  private final int target;
  private final Selector selector;
  private final Thread thread;
  private final ByteBuffer sink = ByteBuffer.allocate(4096);
  private volatile boolean running = true;

  /** Channels whose connect has finished and that are not closed yet. */
  private volatile int connected;

  /** Channels whose connect is under way (the server has not accepted them yet). */
  private volatile int pending;

  /** Connections the server closed (EOF or reset), each replaced by a new one. */
  private volatile long reconnects;

  /** Connects that failed (refused, timed out, no file or port left); each retried. */
  private volatile long connectFailures;

  private IdleConnections(InetSocketAddress server, int target) throws IOException {
    this.server = server;
    this.target = target;
    this.selector = Selector.open();
    this.thread = new Thread(this::run, "idle-connections");
    thread.setDaemon(true);
  }

  /** Starts opening {@code target} connections to {@code server}; returns at once. */
  static IdleConnections open(InetSocketAddress server, int target) throws IOException {
    IdleConnections c = new IdleConnections(server, target);
    c.thread.start();
    return c;
  }

  int connected() {
    return connected;
  }

  int pending() {
    return pending;
  }

  long reconnects() {
    return reconnects;
  }

  long connectFailures() {
    return connectFailures;
  }

  private void run() {
    int missing = target;
    try {
      while (running) {
        while (missing > 0 && running) {
          if (!connect()) {
            break; // retried after the next select
          }
          missing--;
        }
        selector.select(missing > 0 ? 100 : 1000);
        for (SelectionKey key : selector.selectedKeys()) {
          if (!closedByServer(key)) {
            continue;
          }
          key.cancel();
          close((SocketChannel) key.channel());
          missing++;
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (SelectionKey key : selector.keys()) {
        close((SocketChannel) key.channel());
      }
      try {
        selector.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** Starts one connect; false if it failed at once. */
  private boolean connect() {
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open();
      ch.configureBlocking(false);
      if (ch.connect(server)) {
        ch.register(selector, SelectionKey.OP_READ);
        connected++;
      } else {
        ch.register(selector, SelectionKey.OP_CONNECT);
        pending++;
      }
      return true;
    } catch (IOException e) {
      connectFailures++;
      if (ch != null) {
        close(ch);
      }
      return false;
    }
  }

  /** Handles a ready key: true if its channel is finished with (closed by the server, failed). */
  private boolean closedByServer(SelectionKey key) {
    SocketChannel ch = (SocketChannel) key.channel();
    if (key.isConnectable()) {
      pending--;
      try {
        ch.finishConnect();
        key.interestOps(SelectionKey.OP_READ);
        connected++;
        return false;
      } catch (IOException e) {
        connectFailures++;
        return true;
      }
    }
    try {
      int n;
      do { // a 408 or 503 before the close: read and drop it
        sink.clear();
        n = ch.read(sink);
      } while (n > 0);
      if (n == 0) {
        return false; // still open
      }
    } catch (IOException e) {
      // reset by the server: the same as a close
    }
    connected--;
    reconnects++;
    return true;
  }

  private static void close(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
