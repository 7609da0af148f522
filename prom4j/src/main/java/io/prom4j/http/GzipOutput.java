package io.prom4j.http;

import io.prom4j.internal.FamilyBoundary;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip encoder (RFC 1952, mtime 0, so the output is stable) that streams into a front end's body
 * and is reused across responses: one {@link Deflater} (native zlib state) and its buffers per
 * instance, where {@code GZIPOutputStream} would allocate them per response. Not thread-safe: one
 * response at a time, handed out by {@link GzipPool}.
 *
 * <p>Implementation notes (the gzip hot path). The body is compressed in blocks, each on its own: a
 * block ends at the first family end ({@link FamilyBoundary}) after {@link #MIN_BLOCK} bytes, or
 * after {@link #MAX_BLOCK} bytes inside a large family. Each block is deflated from a reset state
 * and ended with a sync flush, so that it is a run of whole deflate blocks that back-references
 * nothing outside itself and ends on a byte boundary. Such runs concatenate into one valid deflate
 * stream, which an empty final block closes. Each block's bytes and its compressed form are kept
 * (up to {@link #CACHE_LIMIT} bytes of body, in the {@link Kept} the encoder shares); when the next
 * response's block at the same position has exactly the same bytes, it sends the kept compressed
 * form instead of deflating again. Between two scrapes most families have not changed, so most of a
 * scrape is not compressed again: the CRC, one comparison and one copy per block are what it costs.
 * Measured end to end on 10,000 series (static registry, gzip requests, {@code java -cp
 * prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunScrapes --series 10000 --threads
 * 2 --connections 4 --rounds 2}, JDK 17, 2 cores, the jar of the commit before and then this one):
 * 458 scrapes/s and 3.50 ms of server CPU per scrape before, 1,317 and 1.18 ms with the kept
 * blocks; the body is 7% larger (70,414 bytes against 65,876), because each block starts without
 * the previous one's history. Blocks of at least 4 KiB made it 14% larger, of 32 KiB 5%.
 *
 * <p>A block written only from kept renderings ({@link #writeKept}: arrays that never change) is
 * known by those arrays and spans: the next response that writes the same spans sends the kept
 * compressed form without copying, comparing or checksumming the bytes, and the gzip trailer's CRC
 * is combined from the blocks' CRCs ({@link Crc32Combine}). Such a block keeps no copy of its
 * bytes. Measured on the benchmarks' workload (static registry, {@code ServeWorkload}, {@code wrk
 * -t2 -c4 -d8s} with gzip, two alternating runs of two 8 s measurements each): 5,953-6,767
 * scrapes/s and 0.133-0.157 ms of server user CPU per scrape before, 7,304-9,105 and 0.074-0.090 ms
 * with the kept arrays; system CPU (the socket) stayed at 0.07-0.09 ms.
 *
 * <p>Two more, from a JFR profile of {@code ServeWorkload} under {@code wrk -t2 -c4} with gzip,
 * where combining the CRCs was 30% of the Java samples of a static scrape: a kept block keeps the
 * x^(8n) of its length ({@link Crc32Combine#combineShifted}: one multiplication where {@code
 * combine} built it from up to 17 for every block of every response), and the encoders of one pool
 * share their kept blocks, one set per format ({@link Kept}), so that a changed family is deflated
 * once rather than by each encoder that serves a scrape after it. {@code java -cp
 * prom4j-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main KeptGzipBenchmark -f 1 -wi 4 -i 6 -w
 * 1 -r 1}, the jar of the commit before and then this one, JDK 17, 2 cores: an unchanged body 13.3
 * to 5.2 us per response; one family changed then written by two encoders 88.7 to 41.3 us.
 *
 * <p>Responses in flight share too: each block a response deflates goes into the published blocks
 * at once ({@link Kept#offer}), and a response whose own start-of-response copy does not match a
 * block looks there before deflating it ({@link Kept#at}). Without that, every scrape that had
 * started before the first one after a change finished deflated the changed blocks again. Measured
 * (before offers were limited to blocks no longer than the one replaced, which in this workload
 * leaves out only text values that gain a digit) with {@code ServeWorkload --churn 0.1} under
 * {@code wrk -t2 -c4} asking for gzip protobuf, {@code perf record -F 499} of the server for 6 s,
 * two alternating runs per jar: zlib's share of the server's samples went from 36.9-37.3% at
 * 7,071-7,240 scrapes/s to 32.7-34.1% at 8,045-8,383, a fifth less deflating per scrape; for gzip
 * text (one run each) it stayed the same, 19.0% at 11,485 against 16.5% at 10,421.
 */
final class GzipOutput extends OutputStream implements FamilyBoundary {

  /**
   * Level 1, not zlib's default 6: scrapes are CPU-bound, not bandwidth-bound. Measured on the
   * 805,950-byte text body of 10,000 series: 1.60 ms and 65,669 bytes at level 1 against 6.42 ms
   * and 50,731 bytes at level 6, 4.0x faster for a 29% larger body ({@code java -cp
   * prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunJmh GzipLevelBenchmark}, JDK
   * 17, 2 cores, medians).
   */
  static final int LEVEL = Deflater.BEST_SPEED;

  /** A block ends at the first family end after this many bytes (small families share one). */
  static final int MIN_BLOCK = 16 * 1024;

  /** A block ends after this many bytes even inside a family. */
  static final int MAX_BLOCK = 64 * 1024;

  /**
   * The body bytes whose blocks are kept for the next response, at most: a larger body's later
   * blocks are compressed every time. Bounds what the encoders sharing one {@link Kept} hold to
   * about this plus the compressed forms (a block offered in flight is no longer than the one it
   * replaces: {@link Kept#offer}), and what a response in flight adds to about as much.
   */
  static final int CACHE_LIMIT = 4 * 1024 * 1024;

  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff // OS: unknown
  };

  /**
   * A block's compressed form and CRC, kept for the next response, with what identifies its bytes:
   * a copy of them, or the kept arrays (and spans of them) they were written from.
   */
  private static final class Block {
    final byte[] plain; // null: known by its spans only
    final byte[] packed;
    final int length;
    final int crc;
    final int shift; // Crc32Combine.xToEightN(length), computed once
    final Object[] arrays; // null: written as plain bytes
    final int[] spans; // offset and length in arrays[i]: spans[2i], spans[2i + 1]

    Block(
        byte[] plain, byte[] packed, int length, int crc, int shift, Object[] arrays, int[] spans) {
      this.plain = plain;
      this.packed = packed;
      this.length = length;
      this.crc = crc;
      this.shift = shift;
      this.arrays = arrays;
      this.spans = spans;
    }

    boolean holds(byte[] b, int length) {
      return plain != null
          && this.length == length
          && Arrays.equals(plain, 0, length, b, 0, length);
    }

    boolean spans(Object[] a, int[] s, int count) {
      if (arrays == null || arrays.length != count) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        if (arrays[i] != a[i] || spans[2 * i] != s[2 * i] || spans[2 * i + 1] != s[2 * i + 1]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The blocks kept by the last response that finished on any encoder sharing this (those of one
   * handler's {@link GzipPool}, for one format); each response starts from them and leaves its own.
   * A family that changed is then deflated once for the pool, not once by each encoder that serves
   * a scrape after it. Two responses that overlap both start from the same blocks and the later to
   * finish replaces them: no block is wrong for another response, as each is known by its bytes or
   * by the kept arrays it was written from. Thread-safe: a snapshot replaced whole at the end of a
   * response, whose places responses in flight may fill with newer blocks meanwhile ({@link
   * #offer}).
   *
   * <p>Measured in {@code KeptGzipBenchmark}: see the class comment of {@link GzipOutput}.
   */
  static final class Kept {
    private volatile Block[] blocks = new Block[0];

    /**
     * The block that the latest response to deflate or send position {@code k} left there, or null.
     * Responses in flight write their new blocks into the published array in place ({@link
     * #offer}), so a response that started before another deflated a changed family finds that
     * block here instead of deflating it again.
     */
    Block at(int k) {
      Block[] b = blocks;
      return k < b.length ? b[k] : null;
    }

    /**
     * Puts {@code b} at position {@code k} of the published blocks in place of the block there, if
     * there is one and {@code b} is no longer, so that offers never add to what the published
     * blocks hold (at most about {@link #CACHE_LIMIT}, as the response that published them kept
     * it); a changed family's values mostly keep their lengths, and a protobuf value always does. A
     * racy write of an immutable block: a reader sees this one or the one before, and checks either
     * against its own bytes before sending it.
     */
    void offer(int k, Block b) {
      Block[] blocks = this.blocks;
      Block old = k < blocks.length ? blocks[k] : null;
      if (old != null && b.length <= old.length) {
        blocks[k] = b;
      }
    }
  }

  private Kept shared = new Kept(); // until sharing(...): its own
  private final Deflater deflater = new Deflater(LEVEL, true);
  private final CRC32 blockCrc = new CRC32();
  private final byte[] pending = new byte[MAX_BLOCK];
  private byte[] packed = new byte[16 * 1024];
  // By position in the body (null: none): those of shared while a response is written, else empty.
  private final ArrayList<Block> blocks = new ArrayList<>();
  private long keptBytes; // the plain bytes of the blocks kept
  private OutputStream sink;
  private long inputBytes;
  private int crc; // of the blocks sent so far
  // The block so far: plain bytes in pending, or, while only kept arrays were written to it, the
  // spans of those arrays (never both).
  private int pendingLength;
  private Object[] spanArrays = new Object[16];
  private int[] spans = new int[32];
  private int spanCount;
  private int spanLength;
  private int blockCount; // blocks of this response so far
  private int reusedCount; // blocks of this response sent from the kept ones

  /** From the next response on, starts from the blocks kept in {@code kept} and leaves its own. */
  GzipOutput sharing(Kept kept) {
    this.shared = kept;
    return this;
  }

  /** Starts a new gzip member written to {@code sink}. */
  GzipOutput start(OutputStream sink) throws IOException {
    this.sink = sink;
    blocks.clear();
    keptBytes = 0;
    for (Block b : shared.blocks) {
      blocks.add(b);
      keptBytes += b == null ? 0 : b.length;
    }
    crc = 0;
    inputBytes = 0;
    pendingLength = 0;
    clearSpans();
    blockCount = 0;
    reusedCount = 0;
    sink.write(HEADER);
    return this;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (spanCount > 0) {
      copySpans();
    }
    inputBytes += len;
    while (len > 0) {
      int n = Math.min(len, MAX_BLOCK - pendingLength);
      System.arraycopy(b, off, pending, pendingLength, n);
      pendingLength += n;
      off += n;
      len -= n;
      if (pendingLength == MAX_BLOCK) {
        endBlock();
      }
    }
  }

  /**
   * Takes the bytes of a kept rendering by reference: a block written only from such arrays is
   * known again by the arrays and spans alone, so the next response sends its kept compressed form
   * without copying, comparing or checksumming the bytes.
   */
  @Override
  public void writeKept(byte[] b, int off, int len) throws IOException {
    if (pendingLength > 0) {
      write(b, off, len);
      return;
    }
    inputBytes += len;
    while (len > 0) {
      int n = Math.min(len, MAX_BLOCK - spanLength);
      if (spanCount == spanArrays.length) {
        spanArrays = Arrays.copyOf(spanArrays, 2 * spanCount);
        spans = Arrays.copyOf(spans, 4 * spanCount);
      }
      spanArrays[spanCount] = b;
      spans[2 * spanCount] = off;
      spans[2 * spanCount + 1] = n;
      spanCount++;
      spanLength += n;
      off += n;
      len -= n;
      if (spanLength == MAX_BLOCK) {
        endBlock();
      }
    }
  }

  @Override
  public void familyEnd() throws IOException {
    if (pendingLength + spanLength >= MIN_BLOCK) {
      endBlock();
    }
  }

  /** Writes the rest of the compressed data and the trailer; the sink stays open. */
  void finish() throws IOException {
    if (pendingLength + spanLength > 0) {
      endBlock();
    }
    for (int i = blocks.size() - 1; i >= blockCount; i--) { // this body ended before them
      forget(blocks.remove(i));
    }
    shared.blocks = blocks.toArray(new Block[0]);
    blocks.clear(); // an idle encoder holds none
    deflater.reset();
    deflater.finish(); // no input: just the final, empty block that ends the deflate stream
    int n = deflater.deflate(packed, 0, packed.length);
    sink.write(packed, 0, n);
    int c = crc;
    int size = (int) inputBytes; // ISIZE is the input length modulo 2^32
    sink.write(
        new byte[] {
          (byte) c,
          (byte) (c >>> 8),
          (byte) (c >>> 16),
          (byte) (c >>> 24),
          (byte) size,
          (byte) (size >>> 8),
          (byte) (size >>> 16),
          (byte) (size >>> 24)
        });
    sink = null;
  }

  /** The blocks of the current (or last) response so far, and how many were sent as kept. */
  int[] blocksAndReused() {
    return new int[] {blockCount, reusedCount};
  }

  /**
   * Sends the block so far: the kept compressed form if it was written from the same spans of the
   * same kept arrays, or holds the same bytes; else deflated.
   */
  private void endBlock() throws IOException {
    int k = blockCount++;
    Block kept = k < blocks.size() ? blocks.get(k) : null;
    Object[] arrays = null;
    int[] spanned = null;
    if (spanCount > 0) {
      if (kept != null && kept.spans(spanArrays, spans, spanCount)) {
        send(kept);
        clearSpans();
        return;
      }
      Block latest = shared.at(k); // deflated meanwhile by another response
      if (latest != null && latest != kept && latest.spans(spanArrays, spans, spanCount)) {
        send(latest);
        place(k, kept, latest);
        clearSpans();
        return;
      }
      arrays = Arrays.copyOf(spanArrays, spanCount);
      spanned = Arrays.copyOf(spans, 2 * spanCount);
      copySpans();
    }
    int length = pendingLength;
    Block same = kept != null && kept.holds(pending, length) ? kept : null;
    if (same == null) {
      Block latest = shared.at(k); // deflated meanwhile by another response
      same = latest != null && latest != kept && latest.holds(pending, length) ? latest : null;
    }
    if (same != null) {
      send(same);
      Block b =
          arrays == null
              ? same
              : new Block( // known by its spans from now on
                  same.plain, same.packed, length, same.crc, same.shift, arrays, spanned);
      if (b != same) {
        shared.offer(k, b);
      }
      if (b != kept) {
        place(k, kept, b);
      }
    } else {
      int n = deflatePending();
      sink.write(packed, 0, n);
      blockCrc.reset();
      blockCrc.update(pending, 0, length);
      int c = (int) blockCrc.getValue();
      int shift = Crc32Combine.xToEightN(length);
      crc = Crc32Combine.combineShifted(crc, c, shift);
      keep(k, kept, n, c, shift, arrays, spanned);
    }
    pendingLength = 0;
  }

  private void send(Block kept) throws IOException {
    sink.write(kept.packed);
    crc = Crc32Combine.combineShifted(crc, kept.crc, kept.shift);
    reusedCount++;
  }

  /** Copies the spans of the block so far into {@link #pending}. */
  private void copySpans() {
    for (int i = 0; i < spanCount; i++) {
      int len = spans[2 * i + 1];
      System.arraycopy(spanArrays[i], spans[2 * i], pending, pendingLength, len);
      pendingLength += len;
    }
    clearSpans();
  }

  private void clearSpans() {
    Arrays.fill(spanArrays, 0, spanCount, null); // the arrays are the writers', not ours to hold
    spanCount = 0;
    spanLength = 0;
  }

  /** Deflates the pending block on its own into {@link #packed}; returns the compressed length. */
  private int deflatePending() {
    deflater.reset();
    deflater.setInput(pending, 0, pendingLength);
    int n = 0;
    while (true) {
      int room = packed.length - n;
      int written = deflater.deflate(packed, n, room, Deflater.SYNC_FLUSH);
      n += written;
      if (written < room) { // a sync flush that did not fill the buffer has taken all input
        return n;
      }
      packed = Arrays.copyOf(packed, 2 * packed.length);
    }
  }

  /**
   * Keeps block {@code k} (just deflated into {@code n} bytes of packed, CRC {@code c}) in place of
   * {@code old}: known by {@code arrays} and {@code spanned} if it was written from kept arrays
   * only, else by a copy of its bytes.
   */
  private void keep(int k, Block old, int n, int c, int shift, Object[] arrays, int[] spanned) {
    Block b = null;
    if (fits(k, old, pendingLength)) {
      byte[] plain = arrays == null ? Arrays.copyOf(pending, pendingLength) : null;
      b = new Block(plain, Arrays.copyOf(packed, n), pendingLength, c, shift, arrays, spanned);
      shared.offer(k, b);
    }
    place(k, old, b);
  }

  /**
   * Keeps {@code b} (null: nothing) at position {@code k} in place of {@code old}, if it fits in
   * {@link #CACHE_LIMIT} and every earlier position was kept.
   */
  private void place(int k, Block old, Block b) {
    if (k > blocks.size()) {
      return; // an earlier block of this body was over the limit: none after it is kept
    }
    Block keep = b != null && fits(k, old, b.length) ? b : null;
    forget(old);
    if (keep != null) {
      keptBytes += keep.length;
    }
    if (k < blocks.size()) {
      blocks.set(k, keep);
    } else if (keep != null) {
      blocks.add(keep);
    }
  }

  /**
   * Whether a block of {@code length} bytes may be kept at position {@code k} in place of {@code
   * old}: every earlier position was kept, and the kept blocks stay within {@link #CACHE_LIMIT}.
   */
  private boolean fits(int k, Block old, int length) {
    return k <= blocks.size() && keptBytes - (old == null ? 0 : old.length) + length <= CACHE_LIMIT;
  }

  private void forget(Block b) {
    if (b != null) {
      keptBytes -= b.length;
    }
  }

  /** Frees the native zlib state; the instance is unusable afterwards. */
  void end() {
    deflater.end();
  }
}
