package io.prom4j.exposition;

import io.prom4j.internal.FamilyBoundary;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Protocol buffers wire encoding into one reusable byte buffer: varints, zigzag, fixed64, strings
 * and nested messages.
 *
 * <p>Implementation notes. A nested message is opened with {@link #begin()}, which reserves one
 * byte for its length, and closed with {@link #end(int)}, which writes the length there. Most
 * messages (labels, counters, buckets, spans) are shorter than 128 bytes, so their one-byte length
 * fits; a longer body is moved right by the extra length bytes (one {@code arraycopy}, no
 * allocation). A delimited record ({@link #beginDelimited()}) reserves the five bytes a 32-bit
 * varint can take and, when closed, moves its body left over the unused ones. Complete records are
 * handed to the stream in chunks of about {@link ByteWriter#CHUNK} bytes. The buffer grows to the
 * largest record (one metric family) and returns to a one-slot pool, like {@link ByteWriter}'s, so
 * a steady scraper allocates nothing.
 */
final class ProtoWriter {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;

  private static final AtomicReference<byte[]> POOL = new AtomicReference<>();

  private final OutputStream out;
  private final FamilyBoundary boundary; // out, if it wants family ends; else null
  byte[] buf;
  int pos;

  ProtoWriter(OutputStream out) {
    this.out = out;
    this.boundary = out instanceof FamilyBoundary f ? f : null;
    byte[] b = POOL.getAndSet(null);
    this.buf = b != null ? b : new byte[ByteWriter.CHUNK * 2];
  }

  private void ensure(int n) {
    if (n > buf.length - pos) {
      byte[] bigger = new byte[Math.max(buf.length * 2, pos + n)];
      System.arraycopy(buf, 0, bigger, 0, pos);
      buf = bigger;
    }
  }

  /** Writes the key of {@code field} with {@code wireType}. */
  void tag(int field, int wireType) {
    varint32((field << 3) | wireType);
  }

  /** An unsigned varint of a non-negative int (or any int's 32 bits as uint32). */
  void varint32(int v) {
    ensure(5);
    byte[] b = buf;
    int p = pos;
    while ((v & ~0x7F) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    pos = p;
  }

  /** A varint of all 64 bits (negative values take ten bytes, as protobuf's int64 does). */
  void varint64(long v) {
    ensure(10);
    byte[] b = buf;
    int p = pos;
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    pos = p;
  }

  /** A {@code sint32}: zigzag, then varint. */
  void sint32(int v) {
    varint32((v << 1) ^ (v >> 31));
  }

  /** A {@code sint64}: zigzag, then varint. */
  void sint64(long v) {
    varint64((v << 1) ^ (v >> 63));
  }

  /** A {@code double}: its IEEE-754 bits, little-endian. */
  void fixed64(double d) {
    long v = Double.doubleToRawLongBits(d);
    ensure(8);
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < 8; i++) {
      b[p++] = (byte) v;
      v >>>= 8;
    }
    pos = p;
  }

  /** A double field. */
  void doubleField(int field, double d) {
    tag(field, FIXED64);
    fixed64(d);
  }

  /** An unsigned 64-bit varint field. */
  void uint64Field(int field, long v) {
    tag(field, VARINT);
    varint64(v);
  }

  /** A string field, UTF-8 (an unpaired surrogate becomes {@code ?}, as String.getBytes does). */
  void stringField(int field, String s) {
    tag(field, LENGTH_DELIMITED);
    int n = s.length();
    ensure(5 + 3 * n);
    int lengthAt = pos++;
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        b[p++] = '?';
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    pos = p;
    end(lengthAt);
  }

  /** Opens a nested message field: writes its key and reserves a byte for the length. */
  int begin(int field) {
    tag(field, LENGTH_DELIMITED);
    return begin();
  }

  /** Reserves one byte for the length of what follows; returns its position for {@link #end}. */
  int begin() {
    ensure(1);
    return pos++;
  }

  /** Closes the message opened at {@code mark}: writes its length, moving the body if needed. */
  void end(int mark) {
    int length = pos - mark - 1;
    if (length < 0x80) {
      buf[mark] = (byte) length;
      return;
    }
    int extra = varintSize(length) - 1;
    ensure(extra);
    System.arraycopy(buf, mark + 1, buf, mark + 1 + extra, length);
    int p = mark;
    int v = length;
    while ((v & ~0x7F) != 0) {
      buf[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
    pos += extra;
  }

  /** Opens a length-delimited record (one metric family); returns its mark. */
  int beginDelimited() {
    ensure(5);
    int mark = pos;
    pos += 5;
    return mark;
  }

  /**
   * Closes the record opened at {@code mark}: writes its varint length in front of it, closing the
   * gap, and hands full chunks to the stream.
   */
  void endDelimited(int mark) throws IOException {
    close(mark);
    handOnFullChunks();
  }

  /**
   * {@link #endDelimited(int)}, returning a copy of the whole record (its length included), or null
   * if it is longer than {@code limit}.
   */
  byte[] endDelimitedCopy(int mark, long limit) throws IOException {
    int end = close(mark);
    byte[] record = end - mark <= limit ? Arrays.copyOfRange(buf, mark, end) : null;
    handOnFullChunks();
    return record;
  }

  /** Writes {@code len} bytes of {@code b} from {@code off}: encoded bytes kept from a record. */
  void raw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** Where the next byte goes in the body of the record opened at {@code mark}. */
  int bodyLength(int mark) {
    return pos - mark - 5;
  }

  /** Writes a whole record kept from an earlier {@link #endDelimitedCopy}. */
  void record(byte[] record) throws IOException {
    if (boundary != null) { // by reference: see FamilyBoundary.writeKept
      flushBuffer();
      boundary.writeKept(record, 0, record.length);
      return;
    }
    ensure(record.length);
    System.arraycopy(record, 0, buf, pos, record.length);
    pos += record.length;
    handOnFullChunks();
  }

  /** Writes the length of the record at {@code mark}; returns where the record ends. */
  private int close(int mark) {
    int length = pos - mark - 5;
    int size = varintSize(length);
    if (size < 5) {
      System.arraycopy(buf, mark + 5, buf, mark + size, length);
      pos -= 5 - size;
    }
    int p = mark;
    int v = length;
    while ((v & ~0x7F) != 0) {
      buf[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
    return pos;
  }

  private void handOnFullChunks() throws IOException {
    if (pos >= ByteWriter.CHUNK) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Drops the record opened at {@code mark} (a family without series). */
  void discard(int mark) {
    pos = mark;
  }

  static int varintSize(int v) {
    return v < 0 ? 5 : (31 - Integer.numberOfLeadingZeros(v | 1)) / 7 + 1;
  }

  /**
   * Marks the end of a metric family's record: on a stream that wants family ends, hands it the
   * buffered bytes and the boundary; on any other stream does nothing.
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

  /** Hands the buffered bytes to the stream. */
  private void flushBuffer() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Returns the buffer to the pool (if it did not grow past eight chunks). */
  void abandon() {
    if (buf != null && buf.length <= ByteWriter.CHUNK * 8) {
      POOL.set(buf);
    }
    buf = null;
  }
}
