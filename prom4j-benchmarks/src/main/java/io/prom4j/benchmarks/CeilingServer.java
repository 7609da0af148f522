package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.ScrapeHandler;
import io.prom4j.http.ScrapeRequest;
import io.prom4j.http.ScrapeResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ceiling of an end-to-end scrape: a server that does no work per request but read the request
 * head and write one cached response. The response is rendered once at start by prom4j's {@link
 * ScrapeHandler} for the request headers given, so its headers and body are the bytes prom4j would
 * send for that request at that moment; every request is answered with those bytes in one write.
 *
 * <p>Keep-alive sockets with {@code TCP_NODELAY}, a thread per connection. A request head ends at
 * the first CRLFCRLF; requests without a body only (wrk sends GETs), pipelined or not. Nothing is
 * validated: it is a measuring stick, not a server.
 */
final class CeilingServer implements AutoCloseable {
  private final byte[] response;
  private final int bodyLength;
  private final ServerSocket listener;

  private CeilingServer(byte[] response, int bodyLength) throws IOException {
    this.response = response;
    this.bodyLength = bodyLength;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "ceiling-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Renders {@code registry} once as prom4j answers a GET /metrics with {@code headers} ({@code
   * "Name: value"} lines) and starts serving that answer on 127.0.0.1, an ephemeral port.
   */
  static CeilingServer start(CollectorRegistry registry, String... headers) throws IOException {
    Map<String, String> request = new LinkedHashMap<>();
    for (String h : headers) {
      int colon = h.indexOf(':');
      request.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1));
    }
    StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int[] status = {0};
    new ScrapeHandler(registry)
        .handle(
            new ScrapeRequest() {
              @Override
              public String method() {
                return "GET";
              }

              @Override
              public String path() {
                return "/metrics";
              }

              @Override
              public String query() {
                return null;
              }

              @Override
              public String header(String name) {
                String v = request.get(name.toLowerCase(Locale.ROOT));
                return v == null ? null : v.trim();
              }
            },
            new ScrapeResponse() {
              @Override
              public void header(String name, String value) {
                head.append(name).append(": ").append(value).append("\r\n");
              }

              @Override
              public OutputStream body(int code) {
                status[0] = code;
                return body;
              }

              @Override
              public boolean reset() {
                return false;
              }
            });
    if (status[0] != 200) {
      throw new IllegalStateException("prom4j answered " + status[0] + " for " + request);
    }
    head.append("Content-Length: ").append(body.size()).append("\r\n\r\n");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    body.writeTo(all);
    return new CeilingServer(all.toByteArray(), body.size());
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Bytes of the cached body (without the head). */
  int bodyLength() {
    return bodyLength;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        Thread t = new Thread(() -> serve(s), "ceiling-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Answers every request head on {@code socket} with the cached response until EOF. */
  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buf = new byte[8192];
      int matched = 0; // bytes of "\r\n\r\n" seen so far
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == (matched % 2 == 0 ? '\r' : '\n')) {
            matched++;
          } else {
            matched = b == '\r' ? 1 : 0;
          }
          if (matched == 4) {
            out.write(response);
            matched = 0;
          }
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
