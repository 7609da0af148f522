package io.prom4j.internal.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Frames a {@link Response} as HTTP/1.x and sends head and body with one write: the head is
 * assembled into a small array and placed in the room the body buffer keeps in front of the body,
 * so a large body is never copied. Always {@code Content-Length}, never chunked: one write means no
 * small trailing segment for Nagle's algorithm and delayed ACKs to stall on. One per connection;
 * not thread-safe.
 */
public final class ResponseWriter {

  private byte[] head = new byte[256];
  private int length;

  /**
   * Sends {@code response}.
   *
   * @param http10 answer with {@code HTTP/1.0} instead of {@code HTTP/1.1}
   * @param close send {@code Connection: close}; else an HTTP/1.0 answer gets {@code Connection:
   *     keep-alive}
   * @param omitBody send the head only (HEAD requests), with the body's Content-Length
   */
  void write(OutputStream out, Response response, boolean http10, boolean close, boolean omitBody)
      throws IOException {
    ResponseBuffer body = response.body();
    length = 0;
    append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    append(Integer.toString(response.status()));
    append(" ");
    append(HttpStatus.reason(response.status()));
    append("\r\n");
    header("Date", HttpDate.now());
    for (Response.Header h : response.headers()) {
      header(h.name(), h.value());
    }
    header("Content-Length", Integer.toString(body.length()));
    if (close) {
      header("Connection", "close");
    } else if (http10) {
      header("Connection", "keep-alive");
    }
    append("\r\n");
    if (omitBody) {
      out.write(head, 0, length);
    } else {
      body.prepend(head, length);
      out.write(body.array(), body.start(), body.length());
    }
    out.flush();
  }

  private void header(String name, String value) {
    append(name);
    append(": ");
    append(value);
    append("\r\n");
  }

  /** Appends Latin-1 text; header values we send are ASCII. */
  private void append(String s) {
    int n = s.length();
    if (length + n > head.length) {
      head = Arrays.copyOf(head, Math.max(head.length * 2, length + n));
    }
    for (int i = 0; i < n; i++) {
      head[length++] = (byte) s.charAt(i);
    }
  }
}
