package io.prom4j.internal;

import java.io.IOException;

/**
 * An exposition stream that wants to know where each metric family's bytes end. The writers call
 * {@link #familyEnd} after handing a family's last bytes to the stream, and only on streams that
 * implement this; on every other stream they write exactly as before. prom4j's gzip encoder uses
 * the boundaries to compress a scrape in blocks that the next scrape can reuse when their bytes
 * have not changed, and knows a block written from kept renderings ({@link #writeKept}) again by
 * their arrays, without reading them.
 */
public interface FamilyBoundary {

  /** The bytes written since the previous boundary (or the start) end a metric family. */
  void familyEnd() throws IOException;

  /**
   * Writes {@code len} bytes of {@code b} at {@code off}, an array that is never changed again (a
   * kept rendering of a family): the stream may hold on to it, and may take the same array and span
   * in a later response for the same bytes. The writers hand over what they buffered first.
   */
  void writeKept(byte[] b, int off, int len) throws IOException;
}
