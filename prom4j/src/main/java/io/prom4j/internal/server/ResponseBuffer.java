package io.prom4j.internal.server;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer for one response body, with room reserved in front of the body so the
 * engine can put the response head there and send head and body in one write without copying the
 * body. Reused across requests through {@link BufferPool}; not thread-safe (one request at a time).
 *
 * <p>Implementation notes: the body lives in {@code buf[start, end)}; the head is prepended into
 * {@code buf[0, start)}. Compression is the scrape core's ({@code io.prom4j.http}), which streams
 * gzip into this buffer like any other body.
 */
public final class ResponseBuffer extends OutputStream {

  /** Bytes reserved in front of the body for the response head; heads are about 200 bytes. */
  static final int HEADROOM = 512;

  private byte[] buf;
  private int start = HEADROOM;
  private int end = HEADROOM;

  public ResponseBuffer(int initialBodyCapacity) {
    buf = new byte[HEADROOM + initialBodyCapacity];
  }

  /** Empties the body (and forgets a prepended head). */
  public void reset() {
    start = HEADROOM;
    end = HEADROOM;
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[end++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || len > b.length - off) {
      throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", size " + b.length);
    }
    ensure(len);
    System.arraycopy(b, off, buf, end, len);
    end += len;
  }

  /** The backing array; valid until the next write. */
  public byte[] array() {
    return buf;
  }

  /** Index of the first byte (of the prepended head if there is one, else of the body). */
  public int start() {
    return start;
  }

  /** Index after the last byte. */
  int end() {
    return end;
  }

  /** Number of bytes from {@link #start()} to {@link #end()}. */
  public int length() {
    return end - start;
  }

  /** Bytes held by this buffer's arrays; the pool keeps idle buffers within a byte budget. */
  int capacity() {
    return buf.length;
  }

  /** Puts {@code head[0, len)} directly in front of the current content. Call at most once. */
  void prepend(byte[] head, int len) {
    if (len > start) { // never for heads we build; kept correct anyway
      byte[] grown = new byte[len + (end - start)];
      System.arraycopy(buf, start, grown, len, end - start);
      end = grown.length;
      start = len;
      buf = grown;
    }
    start -= len;
    System.arraycopy(head, 0, buf, start, len);
  }

  private void ensure(int more) {
    if (buf.length - end >= more) {
      return;
    }
    long needed = (long) end + more;
    if (needed > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("response body too large: " + needed + " bytes");
    }
    long grown = Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, (long) buf.length * 2));
    buf = Arrays.copyOf(buf, (int) grown);
  }
}
