package io.prom4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare HTTP/1.x client on one socket, for what {@code HttpClient} hides: exact framing,
 * keep-alive, pipelining, malformed and hostile requests. Reads time out after 10 s so a broken
 * server fails a test instead of hanging it.
 */
public final class RawHttp implements AutoCloseable {

  public static final int READ_TIMEOUT_MILLIS = 10_000;

  public final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:port. */
  public static RawHttp connect(int port) throws IOException {
    return connect("127.0.0.1", port);
  }

  public static RawHttp connect(String host, int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MILLIS);
    return new RawHttp(s);
  }

  /** Speaks HTTP over a socket that is already connected (a TLS socket, say). */
  public static RawHttp over(Socket connected) throws IOException {
    return new RawHttp(connected);
  }

  /** A socket with a tiny receive buffer, for a client that never reads. */
  public static RawHttp connectWithSmallReceiveBuffer(int port) throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(1024);
    s.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
    return new RawHttp(s);
  }

  /** Sends text as ISO-8859-1 bytes, exactly as given. */
  public RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** {@code GET path HTTP/1.1} with a Host header and the extra header lines given. */
  public RawHttp get(String path, String... headerLines) throws IOException {
    StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: t\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    return send(sb.append("\r\n").toString());
  }

  /** Reads one response; framed by Content-Length (no body for a HEAD). */
  public RawResponse read(boolean head) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    RawResponse.Builder r =
        new RawResponse.Builder(
            parts[0], Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "");
    String line;
    while ((line = line()) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      r.header(line.substring(0, colon), line.substring(colon + 1).trim());
    }
    String length = r.header("Content-Length");
    if (length == null) {
      throw new IOException("response without Content-Length: " + statusLine);
    }
    byte[] body = head ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    if (body.length != (head ? 0 : Integer.parseInt(length))) {
      throw new EOFException("body cut short: " + body.length + " of " + length);
    }
    return r.body(body).build();
  }

  public RawResponse read() throws IOException {
    return read(false);
  }

  /**
   * True if the server closed the connection: the next read sees end of stream or a reset (not a
   * timeout) with no further bytes.
   */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // connection reset
    }
  }

  /** Reads until the server closes (or resets) the connection; returns what arrived. */
  public byte[] readUntilClosed() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[65536];
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        all.write(chunk, 0, n);
      }
    } catch (SocketException e) {
      // a reset also ends the connection
    }
    return all.toByteArray();
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
