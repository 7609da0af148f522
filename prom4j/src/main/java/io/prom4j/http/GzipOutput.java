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
 * stream, which an empty final block closes. The instance keeps each block's bytes and its
 * compressed form (up to {@link #CACHE_LIMIT} bytes of body); when the next response's block at the
 * same position has exactly the same bytes, it sends the kept compressed form instead of deflating
 * again. Between two scrapes most families have not changed, so most of a scrape is not compressed
 * again: the CRC, one comparison and one copy per block are what it costs. Measured end to end on
 * 10,000 series (static registry, gzip requests, {@code java -cp
 * prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunScrapes --series 10000 --threads
 * 2 --connections 4 --rounds 2}, JDK 17, 2 cores, the jar of the commit before and then this one):
 * 458 scrapes/s and 3.50 ms of server CPU per scrape before, 1,317 and 1.18 ms with the kept
 * blocks; the body is 7% larger (70,414 bytes against 65,876), because each block starts without
 * the previous one's history. Blocks of at least 4 KiB made it 14% larger, of 32 KiB 5%.
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
   * blocks are compressed every time. Bounds what an idle encoder holds to about this plus the
   * compressed form.
   */
  static final int CACHE_LIMIT = 4 * 1024 * 1024;

  private static final byte[] HEADER = {
    0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff // OS: unknown
  };

  /** A block's bytes and their compressed form, kept for the next response. */
  private static final class Block {
    final byte[] plain;
    final byte[] packed;

    Block(byte[] plain, byte[] packed) {
      this.plain = plain;
      this.packed = packed;
    }

    boolean holds(byte[] b, int length) {
      return plain.length == length && Arrays.equals(plain, 0, length, b, 0, length);
    }
  }

  private final Deflater deflater = new Deflater(LEVEL, true);
  private final CRC32 crc = new CRC32();
  private final byte[] pending = new byte[MAX_BLOCK];
  private byte[] packed = new byte[16 * 1024];
  private final ArrayList<Block> blocks = new ArrayList<>(); // by position in the body; null: none
  private long keptBytes; // the plain bytes of the blocks kept
  private OutputStream sink;
  private long inputBytes;
  private int pendingLength;
  private int blockCount; // blocks of this response so far
  private int reusedCount; // blocks of this response sent from the kept ones

  /** Starts a new gzip member written to {@code sink}. */
  GzipOutput start(OutputStream sink) throws IOException {
    this.sink = sink;
    crc.reset();
    inputBytes = 0;
    pendingLength = 0;
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
    crc.update(b, off, len);
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

  @Override
  public void familyEnd() throws IOException {
    if (pendingLength >= MIN_BLOCK) {
      endBlock();
    }
  }

  /** Writes the rest of the compressed data and the trailer; the sink stays open. */
  void finish() throws IOException {
    if (pendingLength > 0) {
      endBlock();
    }
    for (int i = blocks.size() - 1; i >= blockCount; i--) { // this body ended before them
      forget(blocks.remove(i));
    }
    deflater.reset();
    deflater.finish(); // no input: just the final, empty block that ends the deflate stream
    int n = deflater.deflate(packed, 0, packed.length);
    sink.write(packed, 0, n);
    int c = (int) crc.getValue();
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

  /** Sends the pending block: the kept compressed form if its bytes are the same, else deflated. */
  private void endBlock() throws IOException {
    int k = blockCount++;
    Block kept = k < blocks.size() ? blocks.get(k) : null;
    if (kept != null && kept.holds(pending, pendingLength)) {
      sink.write(kept.packed);
      reusedCount++;
    } else {
      int n = deflatePending();
      sink.write(packed, 0, n);
      keep(k, kept, n);
    }
    pendingLength = 0;
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
   * Keeps block {@code k} (just deflated into {@code n} bytes of packed) in place of {@code old}.
   */
  private void keep(int k, Block old, int n) {
    if (k > blocks.size()) {
      return; // an earlier block of this body was over the limit: none after it is kept
    }
    forget(old);
    Block b = null;
    if (keptBytes + pendingLength <= CACHE_LIMIT) {
      b = new Block(Arrays.copyOf(pending, pendingLength), Arrays.copyOf(packed, n));
      keptBytes += pendingLength;
    }
    if (k < blocks.size()) {
      blocks.set(k, b);
    } else if (b != null) {
      blocks.add(b);
    }
  }

  private void forget(Block b) {
    if (b != null) {
      keptBytes -= b.plain.length;
    }
  }

  /** Frees the native zlib state; the instance is unusable afterwards. */
  void end() {
    deflater.end();
  }
}
