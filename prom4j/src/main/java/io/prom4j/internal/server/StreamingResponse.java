package io.prom4j.internal.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One response as the engine sends it, for a handler that writes its body to a stream: small bodies
 * go out as before, with a {@code Content-Length} and head and body in one write; a body that
 * outgrows {@link #STREAM_THRESHOLD} is sent as it is produced, with chunked transfer coding (close
 * delimited for HTTP/1.0 clients), from one buffer of that size. So no connection ever holds more
 * than the threshold of a response, however large the exposition.
 *
 * <p>Every write to the socket is one call, head included: the first chunk shares its write with
 * the head, each chunk's size line and trailing CRLF share the chunk's, and the terminating chunk
 * shares the last one's, so no small segment is left for Nagle's algorithm and delayed ACKs to
 * stall on (the socket has {@code TCP_NODELAY} as well). Each write is armed with the connection's
 * write deadline, which enforces the minimum data rate.
 *
 * <p>Confined to the connection's worker thread; reused for every request of the connection.
 */
public final class StreamingResponse {

  /**
   * Bodies up to this size are sent with a {@code Content-Length} in one write; larger ones stream
   * in chunks of this size. 256 KiB keeps the expositions of most services (up to about 5,000
   * series of text) on the single-write path, and bounds what one connection holds to a quarter of
   * a megabyte, so 20 clients that never read cost 5 MiB, not 20 expositions.
   */
  public static final int STREAM_THRESHOLD = 256 * 1024;

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  /** Writes bytes to the client under the connection's write deadline. */
  interface Sink {
    void write(byte[] b, int off, int len) throws IOException;
  }

  private final ResponseWriter heads;
  private final List<ResponseHeader> headers = new ArrayList<>(6);
  private final Body body = new Body();
  private Sink sink;
  private BooleanSupplier closing;
  private ResponseBuffer buffer;
  private boolean http10;
  private boolean close;
  private boolean omitBody;
  private int status;
  private boolean bodyStarted;
  private boolean committed;
  private boolean chunked;

  StreamingResponse(ResponseWriter heads) {
    this.heads = heads;
  }

  /** Prepares for one request. */
  void start(
      Sink sink,
      ResponseBuffer buffer,
      boolean http10,
      boolean close,
      boolean omitBody,
      BooleanSupplier closing) {
    this.sink = sink;
    this.closing = closing;
    this.buffer = buffer;
    this.http10 = http10;
    this.close = close;
    this.omitBody = omitBody;
    headers.clear();
    status = 0;
    bodyStarted = false;
    committed = false;
    chunked = false;
    buffer.reset();
  }

  /** Adds a header that describes the body (never a framing header); before {@link #body}. */
  public void header(String name, String value) {
    if (bodyStarted) {
      throw new IllegalStateException("header after body: " + name);
    }
    headers.add(new ResponseHeader(name, value));
  }

  /** Fixes the status and returns the body stream (the handler neither flushes nor closes it). */
  public OutputStream body(int status) {
    if (bodyStarted) {
      throw new IllegalStateException("body() called twice");
    }
    this.status = status;
    bodyStarted = true;
    return body;
  }

  /**
   * Discards headers, status and body if nothing has been sent yet.
   *
   * @return false once part of the response has been sent
   */
  public boolean reset() {
    if (committed) {
      return false;
    }
    headers.clear();
    bodyStarted = false;
    status = 0;
    buffer.reset();
    return true;
  }

  /** True once part of the response has been sent. */
  boolean committed() {
    return committed;
  }

  /**
   * True if the connection must close after this response: asked for at the start, found at the
   * moment the head was sent (the server is stopping), or a close-delimited HTTP/1.0 body.
   */
  boolean closeAfter() {
    return close;
  }

  /** The error answer of a refused request: the {@code # HTTP} line as plain text. */
  void error(int status, String what, String hint) {
    reset();
    header("Content-Type", HttpStatus.ERROR_CONTENT_TYPE);
    byte[] text = HttpStatus.errorBody(status, what, hint);
    body(status);
    buffer.write(text, 0, text.length); // far below the threshold: never streams
  }

  /**
   * Sends what is left: the whole response if nothing was sent (with a {@code Content-Length}), or
   * the last chunk and the terminating one.
   *
   * @throws IllegalStateException if the handler never called {@link #body}
   */
  void finish() throws IOException {
    if (!bodyStarted) {
      throw new IllegalStateException("the handler returned without an answer");
    }
    if (!committed) {
      close |= closing.getAsBoolean();
      heads.head(status, headers, http10, close, "Content-Length", buffer.length());
      if (omitBody) {
        sink.write(heads.array(), 0, heads.length());
      } else {
        buffer.prepend(heads.array(), heads.length());
        sink.write(buffer.array(), buffer.start(), buffer.length());
      }
      committed = true;
      return;
    }
    flush(true);
  }

  /** Sends the buffered body: head first if not yet sent; {@code last} adds the final chunk. */
  private void flush(boolean last) throws IOException {
    if (!committed) {
      chunked = !http10;
      close |= closing.getAsBoolean();
      if (http10) {
        close = true; // an HTTP/1.0 body without a length ends with the connection
      }
      heads.head(status, headers, http10, close, chunked ? "Transfer-Encoding" : null, -1);
    }
    int length = buffer.length();
    if (chunked && length > 0) {
      byte[] line = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      buffer.prepend(line, line.length);
      buffer.write(CRLF, 0, 2);
    }
    if (chunked && last) {
      buffer.write(LAST_CHUNK, 0, LAST_CHUNK.length);
    }
    if (!committed) {
      buffer.prepend(heads.array(), heads.length());
      committed = true;
    }
    if (buffer.length() > 0) {
      sink.write(buffer.array(), buffer.start(), buffer.length());
    }
    buffer.reset();
  }

  /** The body stream: buffers up to the threshold, then streams. */
  private final class Body extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (!bodyStarted) {
        throw new IOException("the response was reset: call body() again");
      }
      while (len > 0) {
        int room = STREAM_THRESHOLD - buffer.length();
        if (room <= 0 && !omitBody) {
          StreamingResponse.this.flush(false);
          room = STREAM_THRESHOLD;
        }
        int n = omitBody ? len : Math.min(len, room);
        buffer.write(b, off, n);
        off += n;
        len -= n;
      }
    }
  }
}
