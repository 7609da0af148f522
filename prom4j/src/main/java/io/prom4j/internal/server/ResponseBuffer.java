package io.prom4j.internal.server;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A growable byte buffer for one response body, with room reserved in front of the body so the
 * engine can put the response head there and send head and body in one write without copying the
 * body. Reused across requests through {@link BufferPool}; not thread-safe (one request at a time).
 *
 * <p>Implementation notes: the body lives in {@code buf[start, end)}. {@link #gzipBody()}
 * compresses into a second array and swaps the two, so a pooled buffer owns two arrays and one
 * {@link Deflater} that are all reused; {@code GZIPOutputStream} would allocate a new deflater
 * (native zlib state) per response.
 */
public final class ResponseBuffer extends OutputStream {

  /** Bytes reserved in front of the body for the response head; heads are about 200 bytes. */
  static final int HEADROOM = 512;

  /**
   * Level 1: on a 1 MB exposition it compresses about five times faster than the default level 6
   * for about 13% more bytes (measured on JDK 17); scrapes are CPU-bound, not bandwidth-bound.
   */
  private static final int GZIP_LEVEL = Deflater.BEST_SPEED;

  private byte[] buf;
  private int start = HEADROOM;
  private int end = HEADROOM;
  private byte[] spare;
  private Deflater deflater;
  private CRC32 crc;

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

  /** A copy of the bytes from {@link #start()} to {@link #end()}. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(buf, start, end);
  }

  /** Bytes held by this buffer's arrays; the pool keeps idle buffers within a byte budget. */
  int capacity() {
    return buf.length + (spare == null ? 0 : spare.length);
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

  /** Replaces the body with its gzip encoding (RFC 1952, mtime 0, so the output is stable). */
  public void gzipBody() {
    int len = end - start;
    if (deflater == null) {
      deflater = new Deflater(GZIP_LEVEL, true);
      crc = new CRC32();
    } else {
      deflater.reset();
      crc.reset();
    }
    crc.update(buf, start, len);
    deflater.setInput(buf, start, len);
    deflater.finish();
    byte[] out = spare;
    int want = HEADROOM + 18 + len / 8 + 256;
    if (out == null || out.length < want) {
      out = new byte[want];
    }
    int pos = HEADROOM;
    out[pos++] = 0x1f; // magic
    out[pos++] = (byte) 0x8b;
    out[pos++] = Deflater.DEFLATED;
    Arrays.fill(out, pos, pos + 6, (byte) 0); // flags, mtime and extra flags
    pos += 6;
    out[pos++] = (byte) 0xff; // operating system: unknown
    while (!deflater.finished()) {
      if (pos == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      pos += deflater.deflate(out, pos, out.length - pos);
    }
    if (out.length - pos < 8) {
      out = Arrays.copyOf(out, pos + 8);
    }
    pos = writeIntLittleEndian(out, pos, (int) crc.getValue());
    pos = writeIntLittleEndian(out, pos, len);
    spare = buf;
    buf = out;
    start = HEADROOM;
    end = pos;
  }

  /** Frees the native deflater; the buffer must not be used afterwards. */
  void dispose() {
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
  }

  /** True while this buffer holds a native deflater (one gzipped body, not yet disposed). */
  boolean holdsDeflater() {
    return deflater != null;
  }

  private static int writeIntLittleEndian(byte[] out, int pos, int v) {
    out[pos] = (byte) v;
    out[pos + 1] = (byte) (v >>> 8);
    out[pos + 2] = (byte) (v >>> 16);
    out[pos + 3] = (byte) (v >>> 24);
    return pos + 4;
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
