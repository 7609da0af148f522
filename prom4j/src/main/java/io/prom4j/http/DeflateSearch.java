package io.prom4j.http;

import java.util.Arrays;

/**
 * The search for back-references of prom4j's own deflate encoder: the first {@link DeflateParse} of
 * a block, greedy and with one candidate per position, as zlib's fastest level does. Not
 * thread-safe: one per {@link GzipOutput}, whose blocks it parses one at a time.
 */
final class DeflateSearch {

  private static final int HASH_BITS = 14;

  // The position + 1 of the last place each hash of four bytes was seen, offset by base: entries
  // of earlier blocks are below base and so read as empty, with no clearing between blocks.
  private final int[] head = new int[1 << HASH_BITS];
  private int base;
  private int[] out = new int[4096];

  /**
   * Parses {@code b[0, length)} greedily: at each position the latest earlier place with the same
   * four bytes (within the window), followed as far as it matches, else a literal.
   */
  DeflateParse parse(byte[] b, int length) {
    if (base > Integer.MAX_VALUE - 2 * GzipOutput.MAX_BLOCK) {
      Arrays.fill(head, 0);
      base = 0;
    }
    int count = 0;
    int i = 0;
    int last = length - 4; // the last position with four bytes to hash
    while (i <= last) {
      int h = hash(b, i);
      int candidate = head[h] - base - 1;
      head[h] = base + i + 1;
      int distance = i - candidate;
      if (candidate >= 0 && distance <= DeflateParse.WINDOW && sameFour(b, candidate, i)) {
        int max = Math.min(DeflateParse.MAX_MATCH, length - i);
        int len = 4 + DeflateParse.same(b, candidate + 4, i + 4, max - 4);
        count = add(count, len << 16 | distance);
        i += len;
      } else {
        count = add(count, b[i] & 0xff);
        i++;
      }
    }
    while (i < length) {
      count = add(count, b[i++] & 0xff);
    }
    base += length + 1;
    return new DeflateParse(Arrays.copyOf(out, count), count);
  }

  private int add(int count, int symbol) {
    if (count == out.length) {
      out = Arrays.copyOf(out, 2 * count);
    }
    out[count] = symbol;
    return count + 1;
  }

  private static int hash(byte[] b, int i) {
    return (four(b, i) * 0x9E3779B1) >>> (32 - HASH_BITS);
  }

  private static boolean sameFour(byte[] b, int i, int j) {
    return four(b, i) == four(b, j);
  }

  private static int four(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }
}
