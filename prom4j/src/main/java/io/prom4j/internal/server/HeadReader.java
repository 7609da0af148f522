package io.prom4j.internal.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads request heads from one connection: finds the blank line that ends a head, records where its
 * lines are, enforces the size limits and the deadline while the bytes arrive, and hands the bytes
 * and line offsets to {@link RequestParser} (which knows nothing of this class). Bytes after a head
 * (a pipelined request) stay buffered for the next one. One per connection; not thread-safe.
 *
 * <p>Deadlines are enforced by setting the socket's read timeout to the time left before every
 * read, so a client that trickles one byte at a time cannot stretch the head past its deadline. A
 * head's length counts every byte up to and including the blank line that ends it (empty lines
 * before the request line included), however many reads it took to arrive. Lines end with CRLF or a
 * bare LF; empty lines before a request line are skipped (RFC 9112 section 2.2).
 */
public final class HeadReader {

  private static final int INITIAL_CAPACITY = 1024;

  private final Limits limits;
  private byte[] buf = new byte[INITIAL_CAPACITY];

  /** Unconsumed bytes are {@code buf[pos, limit)}. */
  private int pos;

  private int limit;

  /**
   * Line offsets of the current head (line 0 is the request line; ends exclude CR LF); grown on
   * demand up to {@code maxHeaders + 1}, so idle connections stay small.
   */
  private int[] lineStart = new int[INITIAL_LINES];

  private int[] lineEnd = new int[INITIAL_LINES];
  private int headEnd;

  private static final int INITIAL_LINES = 16;

  HeadReader(Limits limits) {
    this.limits = limits;
  }

  /**
   * Waits for the first byte of the next request, unless one is already buffered. Empty lines (CR
   * and LF bytes) before a request are discarded here, as RFC 9112 section 2.2 allows, so that a
   * client that ends a request with an extra CRLF is still idle, not in the middle of a head.
   *
   * @return false if the client closed the connection or sent nothing but empty lines before {@code
   *     deadline} ({@link System#nanoTime()} based)
   */
  boolean awaitFirstByte(InputStream in, Socket socket, long deadline) throws IOException {
    while (true) {
      while (pos < limit && (buf[pos] == '\r' || buf[pos] == '\n')) {
        pos++;
      }
      if (pos < limit) {
        return true;
      }
      pos = 0;
      limit = 0;
      if (buf.length > INITIAL_CAPACITY) {
        buf = new byte[INITIAL_CAPACITY]; // do not keep a large head's buffer for an idle client
      }
      if (read(in, socket, deadline) <= 0) {
        return false;
      }
    }
  }

  /**
   * Reads until a whole head is buffered and parses it. The line offsets go to the parser in arrays
   * this reader reuses from head to head.
   *
   * @throws HttpException 414 for a request line past its limit, 431 for a head with too many bytes
   *     or header lines, 408 when {@code deadline} passes first, or what {@link RequestParser}
   *     refuses
   * @throws EOFException when the client closes the connection in the middle of a head
   */
  RequestHead readHead(InputStream in, Socket socket, long deadline)
      throws IOException, HttpException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    int lines = 0;
    int scan = 0;
    int begin = 0;
    boolean inMethod = true;
    while (true) {
      while (scan < limit) {
        byte c = buf[scan++];
        if (c != '\n') {
          // Refuse a non-token byte in the method at once (a TLS ClientHello on a plain port
          // has no line feed and would otherwise wait out the head deadline).
          if (inMethod && lines == 0 && c != '\r') {
            if (c == ' ') {
              inMethod = false;
            } else if (!HttpSyntax.isTokenChar(c)) {
              throw new HttpException(
                  HttpStatus.BAD_REQUEST,
                  "malformed request line",
                  "send METHOD /path HTTP/1.1 (is this an HTTPS client on a plain HTTP port?)",
                  false);
            }
          }
          continue;
        }
        int end = scan - 1;
        if (end > begin && buf[end - 1] == '\r') {
          end--;
        }
        if (lines == 0 && end - begin > limits.maxRequestLineBytes()) {
          throw requestLineTooLong();
        }
        // Checked at every line end, not only while waiting for more bytes: a head that
        // arrives whole in one read must meet the limit too.
        if (scan > limits.maxHeadBytes()) {
          throw headTooLarge();
        }
        if (end == begin) {
          if (lines > 0) {
            headEnd = scan;
            return RequestParser.parse(buf, lineStart, lineEnd, lines, limits);
          }
          begin = scan; // an empty line before the request line
          continue;
        }
        if (lines > limits.maxHeaders()) {
          throw new HttpException(
              HttpStatus.HEADERS_TOO_LARGE,
              "more than " + limits.maxHeaders() + " header lines",
              "send fewer headers",
              false);
        }
        if (lines == lineStart.length) {
          int grown = (int) Math.min((long) limits.maxHeaders() + 1, 2L * lines);
          lineStart = Arrays.copyOf(lineStart, grown);
          lineEnd = Arrays.copyOf(lineEnd, grown);
        }
        lineStart[lines] = begin;
        lineEnd[lines] = end;
        lines++;
        begin = scan;
      }
      if (lines == 0 && limit - begin > limits.maxRequestLineBytes()) {
        throw requestLineTooLong();
      }
      if (limit > limits.maxHeadBytes()) {
        throw headTooLarge();
      }
      int n = read(in, socket, deadline);
      if (n < 0) {
        throw new EOFException("connection closed in the middle of a request head");
      }
      if (n == 0) {
        throw new HttpException(
            HttpStatus.REQUEST_TIMEOUT,
            "request head not complete within " + Limits.describe(limits.headTimeoutNanos()),
            "send the whole request head at once",
            false);
      }
    }
  }

  /** Marks the last head as handled; later bytes belong to the next request. */
  void consume() {
    pos = headEnd;
  }

  /** True if bytes of a further request (or of an unread body) are already buffered. */
  boolean hasBufferedBytes() {
    return pos < limit;
  }

  private HttpException requestLineTooLong() {
    return new HttpException(
        HttpStatus.URI_TOO_LONG,
        "request line longer than " + limits.maxRequestLineBytes() + " bytes",
        "shorten the URL",
        false);
  }

  private HttpException headTooLarge() {
    return new HttpException(
        HttpStatus.HEADERS_TOO_LARGE,
        "request head longer than " + limits.maxHeadBytes() + " bytes",
        "send fewer or shorter headers",
        false);
  }

  /** Reads what is available; returns the count, 0 when the deadline passed, -1 at EOF. */
  private int read(InputStream in, Socket socket, long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, limits.maxHeadBytes() + 1L));
    }
    long millis = (left + 999_999) / 1_000_000; // round up: 0 would mean "no timeout"
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
    int n;
    try {
      n = in.read(buf, limit, buf.length - limit);
    } catch (SocketTimeoutException e) {
      return 0;
    }
    if (n > 0) {
      limit += n;
    }
    return n < 0 ? -1 : n;
  }
}
