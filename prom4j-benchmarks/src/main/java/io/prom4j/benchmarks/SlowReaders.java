package io.prom4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that ask for {@code /metrics} and then do not read the answer, each on its own thread
 * with a 4 KiB receive buffer. They take turns at three requests (plain text, {@code
 * Accept-Encoding: gzip}, OpenMetrics) and two manners: odd ones never read a byte, even ones read
 * one byte per second. A reader that the server cuts connects again and asks again ({@link
 * #cuts()}), so that {@code count} are held throughout: a one-byte-per-second reader sees the end
 * of its stream; a never-reader, which cannot see it without reading, looks its socket up in {@code
 * /proc/net/tcp} and {@code tcp6} once a second and counts any state but ESTABLISHED as a cut (off
 * Linux it holds its first socket to the end).
 */
final class SlowReaders implements AutoCloseable {
  static final String OPENMETRICS_ACCEPT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final String[] REQUESTS = {
    "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n",
    "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + OPENMETRICS_ACCEPT + "\r\n\r\n",
  };

  private final InetSocketAddress server;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong cuts = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();

  private SlowReaders(InetSocketAddress server) {
    this.server = server;
  }

  /** Starts {@code count} slow readers against {@code server}; returns at once. */
  static SlowReaders start(InetSocketAddress server, int count) {
    SlowReaders r = new SlowReaders(server);
    for (int i = 0; i < count; i++) {
      byte[] request = REQUESTS[i % REQUESTS.length].getBytes(StandardCharsets.US_ASCII);
      boolean reads = i % 2 == 0;
      Thread t = new Thread(() -> r.run(request, reads), "slow-reader-" + i);
      t.setDaemon(true);
      r.threads.add(t);
      t.start();
    }
    return r;
  }

  /** Times the server closed a one-byte-per-second reader (each asked again). */
  long cuts() {
    return cuts.get();
  }

  long connectFailures() {
    return connectFailures.get();
  }

  private void run(byte[] request, boolean readsOneBytePerSecond) {
    try {
      while (stop.getCount() > 0) {
        try (Socket s = new Socket()) {
          s.setReceiveBufferSize(4096);
          try {
            s.connect(server, 20_000);
          } catch (IOException e) {
            connectFailures.incrementAndGet();
            stop.await(1, TimeUnit.SECONDS);
            continue;
          }
          OutputStream out = s.getOutputStream();
          out.write(request);
          out.flush();
          if (!readsOneBytePerSecond) {
            while (!stop.await(1, TimeUnit.SECONDS)) {
              if (!held(s.getLocalPort(), server.getPort())) {
                cuts.incrementAndGet();
                break;
              }
            }
            continue;
          }
          InputStream in = s.getInputStream();
          while (!stop.await(1, TimeUnit.SECONDS)) {
            if (in.read() < 0) {
              cuts.incrementAndGet();
              break;
            }
          }
        } catch (IOException e) {
          cuts.incrementAndGet(); // reset by the server
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether both ends of the loopback connection from {@code localPort} to {@code serverPort} are
   * ESTABLISHED (state 01) in {@code /proc/net/tcp} or {@code tcp6}; true if neither can be read.
   * The server's end is the one that tells: a server that gives up on a reader closes its socket,
   * and the kernel holds it in FIN-WAIT-1 behind the unsent answer, so this end never sees the FIN.
   * Lines: {@code sl local_address rem_address st ...}, addresses as {@code HEXADDR:HEXPORT}.
   */
  private static boolean held(int localPort, int serverPort) {
    String client = String.format(Locale.ROOT, ":%04X", localPort);
    String server = String.format(Locale.ROOT, ":%04X", serverPort);
    boolean readable = false;
    boolean clientEnd = false;
    boolean serverEnd = false;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      readable = true;
      for (String line : lines) {
        String[] f = line.trim().split("\\s+");
        if (f.length <= 3 || !f[3].equals("01")) {
          continue;
        }
        clientEnd |= f[1].endsWith(client) && f[2].endsWith(server);
        serverEnd |= f[1].endsWith(server) && f[2].endsWith(client);
      }
    }
    return !readable || (clientEnd && serverEnd);
  }

  @Override
  public void close() {
    stop.countDown();
    try {
      for (Thread t : threads) {
        t.join(30_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
