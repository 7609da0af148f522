package io.prom4j.exposition;

import io.prom4j.internal.DoubleFormat;
import io.prom4j.internal.FamilyBoundary;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A UTF-8 byte buffer in front of an {@link OutputStream}: the only place where exposition text
 * becomes bytes.
 *
 * <p>Implementation notes. Everything is written straight into one {@code byte[]}; when a write
 * does not fit, the buffer is handed to the stream in one {@code write} call and reused, so the
 * stream sees few, large writes and no per-line or per-series objects are created. Callers {@link
 * #ensure} room for what they are about to write and then fill {@link #buf} at {@link #pos}
 * directly. A value that is larger than the whole buffer (a huge help text) makes the buffer grow
 * for the rest of this writer's life. One writer serves one scrape on one thread; the buffer itself
 * is recycled through a pool of {@link #POOLED} buffers, one per scrape that a server runs at once
 * by default, so that steady scrapers allocate no buffer at all (a scrape beyond those simply
 * allocates its own). The pool saves 32,784 bytes per scrape of 10,000 series (56,530 against
 * 89,314 bytes allocated; scrape rate within noise, 1,964 against 1,861 per second): {@code java
 * -cp prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunJmh WriterTricksBenchmark},
 * JDK 17, 2 cores, medians. It had one slot at first; end to end, with two scrapes in flight, the
 * second one's buffer was then 42% of the bytes the server allocated (JFR allocation samples,
 * static gzip scrapes of the benchmarks' workload).
 */
final class ByteWriter {

  /** Buffer size, and so the size of the chunks handed to the stream. */
  static final int CHUNK = 32 * 1024;

  /** The buffers kept for reuse at most: a server's default scrapes in flight at most. */
  static final int POOLED = 4;

  private static final AtomicReferenceArray<byte[]> POOL = new AtomicReferenceArray<>(POOLED);

  private final OutputStream out;
  private final FamilyBoundary boundary; // out, if it wants family ends; else null
  private final boolean pooled;
  byte[] buf;
  int pos;
  // A capture (startCapture to endCapture) keeps a copy of what is written meanwhile: the bytes
  // handed on already in capture[0, captured), the rest in buf from captureFrom (-1: none).
  private byte[] capture; // null while capturing: over the limit
  private long captureLimit;
  private int captured;
  private int captureFrom = -1;

  ByteWriter(OutputStream out) {
    this(out, true);
  }

  /**
   * With {@code pooled} false, allocates its buffer and drops it ({@code WriterTricksBenchmark}).
   */
  ByteWriter(OutputStream out, boolean pooled) {
    this.out = out;
    this.boundary = out instanceof FamilyBoundary b ? b : null;
    this.pooled = pooled;
    byte[] b = pooled ? take() : null;
    this.buf = b != null ? b : new byte[CHUNK];
  }

  /** A pooled buffer, or null if none is free. */
  private static byte[] take() {
    for (int i = 0; i < POOLED; i++) {
      if (POOL.get(i) != null) {
        byte[] b = POOL.getAndSet(i, null);
        if (b != null) {
          return b;
        }
      }
    }
    return null;
  }

  /** Makes room for {@code n} more bytes at {@link #pos}, flushing or growing the buffer. */
  void ensure(int n) throws IOException {
    if (n > buf.length - pos) {
      flushBuffer();
      if (n > buf.length) {
        buf = new byte[Math.max(n, 2 * buf.length)];
      }
    }
  }

  /** Hands the buffered bytes to the stream (does not flush the stream). */
  void flushBuffer() throws IOException {
    if (pos > 0) {
      if (captureFrom >= 0) {
        keep(buf, captureFrom, pos - captureFrom);
        captureFrom = 0;
      }
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /**
   * Starts keeping a copy of everything written until {@link #endCapture}, in an array of {@code
   * expected} bytes to begin with (what the copy is likely to take: no copy at the end if right),
   * and of at most {@code limit} bytes: past that the copy is dropped.
   */
  void startCapture(long expected, long limit) {
    capture = new byte[(int) Math.min(expected, limit)];
    captureLimit = limit;
    captured = 0;
    captureFrom = pos;
  }

  /** The number of bytes written since {@link #startCapture}. */
  int capturedLength() {
    return captured + pos - captureFrom;
  }

  /**
   * The bytes written since {@link #startCapture}, in an array of their own, or null if they were
   * more than its limit; ends the capture.
   */
  byte[] endCapture() {
    keep(buf, captureFrom, pos - captureFrom);
    captureFrom = -1;
    byte[] c = capture;
    capture = null;
    return c == null || c.length == captured ? c : Arrays.copyOf(c, captured);
  }

  private void keep(byte[] b, int off, int len) {
    if (capture != null && captured + len > capture.length) {
      long wanted = Math.max(captured + (long) len, 2L * capture.length);
      capture =
          captured + (long) len > captureLimit
              ? null // over the limit: stop copying, and let the garbage go
              : Arrays.copyOf(capture, (int) Math.min(wanted, captureLimit));
    }
    if (capture != null) {
      System.arraycopy(b, off, capture, captured, len);
    }
    captured += len;
  }

  /**
   * Marks the end of a metric family: on a stream that wants family ends, hands it the buffered
   * bytes and the boundary; on any other stream does nothing.
   */
  void familyEnd() throws IOException {
    if (boundary != null) {
      flushBuffer();
      boundary.familyEnd();
    }
  }

  /** Writes what is left and returns the buffer to the pool; the writer is not used again. */
  void finish() throws IOException {
    flushBuffer();
    abandon();
  }

  /**
   * Returns the buffer to the pool without writing (after a failure; {@link #finish} ends here).
   */
  void abandon() {
    if (pooled && buf != null && buf.length == CHUNK) {
      for (int i = 0; i < POOLED && !POOL.compareAndSet(i, null, buf); i++) {
        // the next slot
      }
    }
    buf = null;
  }

  void write(byte b) throws IOException {
    if (pos == buf.length) {
      flushBuffer();
    }
    buf[pos++] = b;
  }

  void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  /**
   * Writes {@code len} bytes of {@code b}. What does not fit in a whole buffer (a kept family's
   * bytes) goes to the stream as it is, after what is buffered, without a copy.
   */
  void write(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - pos) {
      flushBuffer();
      if (len > buf.length) {
        if (captureFrom >= 0) {
          keep(b, off, len);
        }
        out.write(b, off, len);
        return;
      }
    }
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /**
   * Writes {@code len} bytes of {@code b}, an array nobody changes again (a kept rendering): on a
   * stream that wants family ends, hands it over by reference ({@link FamilyBoundary#writeKept})
   * after what is buffered; else as {@link #write(byte[], int, int)}.
   */
  void writeKept(byte[] b, int off, int len) throws IOException {
    if (boundary == null) {
      write(b, off, len);
      return;
    }
    flushBuffer();
    if (captureFrom >= 0) {
      keep(b, off, len);
    }
    boundary.writeKept(b, off, len);
  }

  /** Writes a double in the canonical form ({@code 1.0}, {@code 1e+06}, {@code +Inf}). */
  void canonical(double v) throws IOException {
    ensure(DoubleFormat.MAX_LENGTH);
    pos = DoubleFormat.writeCanonical(buf, pos, v);
  }

  /** Writes a long in decimal. */
  void decimal(long v) throws IOException {
    ensure(20);
    pos = DoubleFormat.writeLong(buf, pos, v);
  }

  /** Writes a string that is known to be ASCII (escaped names), one byte per char. */
  void ascii(String s) throws IOException {
    int n = s.length();
    ensure(n);
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < n; i++) {
      b[p++] = (byte) s.charAt(i);
    }
    pos = p;
  }

  /** Escape nothing: plain UTF-8 (names that were quoted already). */
  static final int RAW = 0;

  /** Escape {@code \\} and line feed: HELP text in the Prometheus text format. */
  static final int HELP = 1;

  /** Escape {@code \\}, line feed and {@code "}: label values, quoted names, OpenMetrics HELP. */
  static final int QUOTED = 2;

  /**
   * Writes {@code s} as UTF-8 with the escaping of {@code mode} ({@link #RAW}, {@link #HELP} or
   * {@link #QUOTED}): backslash as {@code \\}, line feed as {@code \n}, double quote as {@code \"}.
   * A lone surrogate becomes {@code ?}, as in {@link String#getBytes}.
   */
  void string(String s, int mode) throws IOException {
    // 3 bytes per char bound every case: an escape is 2 bytes, a BMP char at most 3,
    // a surrogate pair 4 bytes for 2 chars.
    ensure(3 * s.length());
    pos = string(buf, pos, s, mode);
  }

  /** {@link #string(String, int)} as a new array. */
  static byte[] bytes(String s, int mode) {
    byte[] b = new byte[3 * s.length()];
    return Arrays.copyOf(b, string(b, 0, s, mode));
  }

  /** The same into {@code b} at {@code p}; the caller made room. Returns the new position. */
  static int string(byte[] b, int p, String s, int mode) {
    int n = s.length();
    int i = 0;
    // Fast path: plain ASCII needs one compare per char and no encoder.
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == '\\' || c == '\n' || c == '"') {
        break;
      }
      b[p++] = (byte) c;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '\\' && mode != RAW) {
          b[p++] = '\\';
          b[p++] = '\\';
        } else if (c == '\n' && mode != RAW) {
          b[p++] = '\\';
          b[p++] = 'n';
        } else if (c == '"' && mode == QUOTED) {
          b[p++] = '\\';
          b[p++] = '"';
        } else {
          b[p++] = (byte) c;
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        b[p++] = '?';
      }
    }
    return p;
  }
}
