package io.prom4j.internal.server;

import java.util.Arrays;
import java.util.List;

/**
 * Builds HTTP/1.x response heads into one reusable array, which {@link StreamingResponse} places in
 * the room its body buffer keeps in front of the body, so head and body leave in one write without
 * copying the body. One per connection; not thread-safe.
 */
public final class ResponseWriter {

  private byte[] head = new byte[256];
  private int length;

  /**
   * Builds a head.
   *
   * @param http10 answer with {@code HTTP/1.0} instead of {@code HTTP/1.1}
   * @param close send {@code Connection: close}; else an HTTP/1.0 answer gets {@code Connection:
   *     keep-alive}
   * @param framing {@code Content-Length} (with {@code length}), {@code Transfer-Encoding}
   *     (chunked) or null (the body ends with the connection)
   */
  void head(
      int status,
      List<ResponseHeader> headers,
      boolean http10,
      boolean close,
      String framing,
      long length) {
    this.length = 0;
    append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    append(Integer.toString(status));
    append(" ");
    append(HttpStatus.reason(status));
    append("\r\n");
    header("Date", HttpDate.now());
    for (ResponseHeader h : headers) {
      header(h.name(), h.value());
    }
    if ("Content-Length".equals(framing)) {
      header("Content-Length", Long.toString(length));
    } else if ("Transfer-Encoding".equals(framing)) {
      header("Transfer-Encoding", "chunked");
    }
    if (close) {
      header("Connection", "close");
    } else if (http10) {
      header("Connection", "keep-alive");
    }
    append("\r\n");
  }

  byte[] array() {
    return head;
  }

  int length() {
    return length;
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
