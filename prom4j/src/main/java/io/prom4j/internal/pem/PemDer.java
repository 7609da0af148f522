package io.prom4j.internal.pem;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The little DER the key loader needs: walk the elements of a structure, read an OID or an INTEGER,
 * and build the few wrappers that turn a PKCS#1 or SEC1 key into PKCS#8.
 *
 * <p>Deliberately minimal: definite lengths only, tags of one byte, no validation beyond what keeps
 * the reader inside its buffer. Malformed input raises {@link PemException}.
 */
public final class PemDer {

  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;

  /** {@code [0]} constructed, context specific. */
  static final int CONTEXT_0 = 0xa0;

  private PemDer() {}

  /** One element: its tag and where its content lies in {@code buf}. */
  record Element(int tag, byte[] buf, int start, int end) {

    /** The content bytes (a copy). */
    byte[] content() {
      return Arrays.copyOfRange(buf, start, end);
    }

    /** A reader over the content, for a constructed element. */
    Reader children() {
      return new Reader(buf, start, end);
    }

    /** The content as an OBJECT IDENTIFIER in dotted form. */
    String oid() throws PemException {
      expect(OID, "OBJECT IDENTIFIER");
      if (start == end) {
        throw new PemException("malformed DER: empty OBJECT IDENTIFIER");
      }
      StringBuilder out = new StringBuilder();
      long value = 0;
      boolean first = true;
      for (int i = start; i < end; i++) {
        int b = buf[i] & 0xff;
        if (value > (Long.MAX_VALUE >>> 7)) {
          throw new PemException("malformed DER: OBJECT IDENTIFIER arc too large");
        }
        value = (value << 7) | (b & 0x7f);
        if ((b & 0x80) == 0) {
          if (first) {
            long top = Math.min(value / 40, 2);
            out.append(top).append('.').append(value - top * 40);
            first = false;
          } else {
            out.append('.').append(value);
          }
          value = 0;
        } else if (i == end - 1) {
          throw new PemException("malformed DER: truncated OBJECT IDENTIFIER");
        }
      }
      return out.toString();
    }

    /** The content as an INTEGER. */
    BigInteger integer() throws PemException {
      expect(INTEGER, "INTEGER");
      if (start == end) {
        throw new PemException("malformed DER: empty INTEGER");
      }
      return new BigInteger(content());
    }

    /** Throws unless this element has the given tag. */
    Element expect(int expectedTag, String what) throws PemException {
      if (tag != expectedTag) {
        throw new PemException(
            "malformed DER: expected " + what + " but found tag 0x" + Integer.toHexString(tag));
      }
      return this;
    }
  }

  /** Sequential reader over the elements in a byte range. */
  static final class Reader {
    private final byte[] buf;
    private final int end;
    private int pos;

    Reader(byte[] buf, int start, int end) {
      this.buf = buf;
      this.pos = start;
      this.end = end;
    }

    /** A reader over a whole DER encoding. */
    static Reader of(byte[] der) {
      return new Reader(der, 0, der.length);
    }

    boolean hasMore() {
      return pos < end;
    }

    /** Reads the next element, failing if there is none. */
    Element next() throws PemException {
      if (pos >= end) {
        throw new PemException("malformed DER: structure ends early");
      }
      int tag = buf[pos++] & 0xff;
      if ((tag & 0x1f) == 0x1f) {
        throw new PemException("malformed DER: multi-byte tags are not supported");
      }
      if (pos >= end) {
        throw new PemException("malformed DER: missing length");
      }
      int first = buf[pos++] & 0xff;
      long length;
      if (first < 0x80) {
        length = first;
      } else {
        int count = first & 0x7f;
        if (count == 0 || count > 4) {
          throw new PemException("malformed DER: unsupported length encoding");
        }
        if (end - pos < count) {
          throw new PemException("malformed DER: truncated length");
        }
        length = 0;
        for (int i = 0; i < count; i++) {
          length = (length << 8) | (buf[pos++] & 0xff);
        }
      }
      if (length > end - pos) {
        throw new PemException("malformed DER: element longer than its container");
      }
      Element element = new Element(tag, buf, pos, pos + (int) length);
      pos += (int) length;
      return element;
    }
  }

  /** Encodes one element from its tag and the concatenation of {@code parts}. */
  static byte[] encode(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
        out.write((length >>> shift) & 0xff);
      }
    }
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Encodes an OBJECT IDENTIFIER given in dotted form (well-formed constants only). */
  static byte[] encodeOid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      writeBase128(out, Long.parseLong(arcs[i]));
    }
    return encode(OID, out.toByteArray());
  }

  private static void writeBase128(ByteArrayOutputStream out, long value) {
    int groups = 1;
    while ((value >>> (7 * groups)) != 0) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int bits = (int) ((value >>> (7 * g)) & 0x7f);
      out.write(g == 0 ? bits : bits | 0x80);
    }
  }
}
