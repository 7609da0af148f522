package io.prom4j.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The LZ77 half of prom4j's own deflate encoder (RFC 1951): a block's bytes as a run of symbols,
 * each a literal byte or a back-reference (length 3-258, distance 1-32,768) to earlier bytes of the
 * same block, so that the block decodes on its own. {@link DeflateBlock} turns a parse into deflate
 * bits. An immutable parse is kept with each changed gzip block ({@link GzipOutput}), and the next
 * version of that block, whose values changed but whose length did not, is parsed by {@link #repair
 * repairing} the kept one instead of searching for matches again: each back-reference is checked
 * against the new bytes and split where they now differ.
 *
 * <p>A symbol is an {@code int}: a literal is its byte (0-255), a back-reference is {@code length
 * << 16 | distance}. A repair checks every symbol against the new bytes, so a parse's correctness
 * never depends on where it came from: whatever it held, the repaired parse decodes to exactly the
 * new bytes or the repair gives up.
 *
 * <p>Immutable; {@link DeflateSearch} makes the first parse of a block.
 */
final class DeflateParse {

  static final int MIN_MATCH = 3;
  static final int MAX_MATCH = 258;
  static final int WINDOW = 32 * 1024;

  /** The symbols, exactly as many as the parse has. */
  final int[] symbols;

  /** How many symbols the search that this parse descends from gave: the repairs' yardstick. */
  final int searched;

  DeflateParse(int[] symbols, int searched) {
    this.symbols = symbols;
    this.searched = searched;
  }

  /**
   * This parse made to fit {@code b[0, length)}, a block of the same length with some bytes
   * changed: literals take the new bytes, each back-reference is kept as far as the new bytes still
   * repeat at its distance and split there (a literal for each byte that differs, a shorter
   * reference for each run of at least three that still repeats). Null if this parse is not of
   * {@code length} bytes, or the repairs have left it more than a tenth longer (in symbols) than
   * the search it descends from: then a new search is the better parse. Measured on the workload
   * with a tenth of the series changed before each scrape (a throwaway loop of {@code
   * ChurnGzipBenchmark}'s steps and scrapes, 2,000 at a time, not kept): with a quarter as the
   * limit the body was 10% (text) and 7% (protobuf) larger than zlib's, with a tenth 5% and 4%, at
   * the same speed.
   */
  DeflateParse repair(byte[] b, int length) {
    int limit = searched + searched / 10 + 16;
    int[] out = new int[limit + 3]; // room for the three symbols a step adds past the limit
    int count = 0;
    int pos = 0;
    for (int s : symbols) {
      if (count > limit) {
        return null;
      }
      int len = s >>> 16;
      if (len == 0) {
        if (pos >= length) {
          return null;
        }
        out[count++] = b[pos++] & 0xff;
        continue;
      }
      int distance = s & 0xffff;
      int end = pos + len;
      if (end > length || distance > pos) {
        return null;
      }
      while (pos < end && count <= limit) {
        int run = same(b, pos - distance, pos, end - pos);
        if (run >= MIN_MATCH) {
          out[count++] = run << 16 | distance;
          pos += run;
        } else {
          for (int k = 0; k < run; k++) { // at most two
            out[count++] = b[pos++] & 0xff;
          }
        }
        if (pos < end) {
          out[count++] = b[pos++] & 0xff; // the byte that differs
        }
      }
    }
    if (pos != length || count > limit) {
      return null;
    }
    return new DeflateParse(Arrays.copyOf(out, count), searched);
  }

  /**
   * How many of the {@code max} bytes at {@code i} equal those at {@code j} in order, eight at a
   * time (runs overlap when a reference is shorter than its length, which compares the same way). A
   * loop of its own rather than {@code Arrays.mismatch}, for the short runs a parse compares; not
   * measured against it ({@code DeflateEncoderBenchmark.repairOnly} times the repair: about 9 µs
   * for a 20,000-byte block of counter lines).
   */
  static int same(byte[] b, int i, int j, int max) {
    int n = 0;
    while (n + 8 <= max) {
      long x = (long) LONGS.get(b, i + n) ^ (long) LONGS.get(b, j + n);
      if (x != 0) {
        return n + (Long.numberOfTrailingZeros(x) >>> 3);
      }
      n += 8;
    }
    while (n < max && b[i + n] == b[j + n]) {
      n++;
    }
    return n;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
}
