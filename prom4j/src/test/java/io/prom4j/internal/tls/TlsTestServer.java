package io.prom4j.internal.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Test harness: accepts on 127.0.0.1 with a random port and does what the engine will do ({@code
 * tls.wrap(socket)}, a read timeout, {@code startHandshake()}), then answers every line with {@code
 * ok <line>} on a thread per connection. Server-side failures are queued so that tests can assert
 * the specific reason.
 *
 * <p>Accepted sockets close gracefully, as the engine's do: {@code wrap} leaves the TCP socket open
 * after a fatal alert, often with the client's last handshake records still unread, and a plain
 * close would then send a TCP reset that can overtake the alert. Half-closing and draining first
 * lets the client see the alert the server sent, which is what the tests assert.
 */
final class TlsTestServer implements AutoCloseable {

  private final ServerTls tls;
  private final ServerSocket listener;
  private final BlockingQueue<Throwable> serverErrors = new LinkedBlockingQueue<>();
  private final BlockingQueue<SSLSession> sessions = new LinkedBlockingQueue<>();

  TlsTestServer(ServerTls tls) throws IOException {
    this.tls = tls;
    this.listener =
        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()) {
          @Override
          public Socket accept() throws IOException {
            Socket socket = new GracefulSocket();
            implAccept(socket);
            return socket;
          }
        };
    Thread acceptor = new Thread(this::acceptLoop, "tls-test-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The next server-side failure, waiting up to ten seconds for it. */
  Throwable awaitServerError() throws InterruptedException {
    Throwable error = serverErrors.poll(10, TimeUnit.SECONDS);
    if (error == null) {
      throw new AssertionError("no server-side TLS failure within 10 s");
    }
    return error;
  }

  /** The session of the next connection whose handshake succeeded, waiting up to ten seconds. */
  SSLSession awaitSession() throws InterruptedException {
    SSLSession session = sessions.poll(10, TimeUnit.SECONDS);
    if (session == null) {
      throw new AssertionError("no successful server-side handshake within 10 s");
    }
    return session;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket accepted;
      try {
        accepted = listener.accept();
      } catch (IOException e) {
        return;
      }
      Thread worker = new Thread(() -> serve(accepted), "tls-test-worker");
      worker.setDaemon(true);
      worker.start();
    }
  }

  private void serve(Socket accepted) {
    // Closed in reverse order: the TLS socket (close_notify), then the TCP one (gracefully).
    try (Socket tcp = accepted;
        SSLSocket socket = tls.wrap(tcp)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      sessions.add(socket.getSession());
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(("ok " + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      serverErrors.add(e);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  /** A socket that shuts its output and reads the peer's remaining bytes before closing. */
  private static final class GracefulSocket extends Socket {
    @Override
    public synchronized void close() throws IOException {
      if (!isClosed()) {
        try {
          shutdownOutput();
          setSoTimeout(2_000);
          getInputStream().skip(Long.MAX_VALUE);
        } catch (IOException ignored) {
          // the peer reset or timed out: close anyway
        }
      }
      super.close();
    }
  }
}
