package io.prom4j.http;

import java.util.Arrays;

/**
 * The Huffman half of prom4j's own deflate encoder (RFC 1951): writes a {@link DeflateParse} as one
 * deflate block, with codes built from the parse's own symbol counts or the fixed codes, whichever
 * is shorter, ended as zlib's sync flush ends a block (an empty stored block), so that it joins the
 * runs {@link GzipOutput} sends like one deflated by zlib from a reset state. Not thread-safe: its
 * counts and output are the instance's; one per {@link GzipOutput}.
 */
final class DeflateBlock {

  private static final int LITERALS = 286; // 0-255 bytes, 256 end of block, 257-285 lengths
  private static final int DISTANCES = 30;
  private static final int END_OF_BLOCK = 256;
  private static final int MAX_BITS = 15;
  private static final int MAX_CODE_LENGTH_BITS = 7;

  private static final int[] LENGTH_BASE = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258
  };
  private static final int[] LENGTH_EXTRA = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
  };
  private static final int[] DISTANCE_BASE = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
    3073, 4097, 6145, 8193, 12289, 16385, 24577
  };
  private static final int[] DISTANCE_EXTRA = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
  };
  // The order in which a dynamic block gives the lengths of the code-length code.
  private static final int[] CODE_LENGTH_ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };

  private static final byte[] LENGTH_CODE = new byte[DeflateParse.MAX_MATCH + 1];
  private static final byte[] DISTANCE_CODE = new byte[DeflateParse.WINDOW + 1];
  private static final int[] FIXED_LITERAL_LENGTHS = new int[288];
  private static final int[] FIXED_LITERAL_CODES = new int[288];
  private static final int[] FIXED_DISTANCE_LENGTHS = new int[DISTANCES];
  private static final int[] FIXED_DISTANCE_CODES = new int[DISTANCES];

  static {
    for (int c = 0; c < LENGTH_BASE.length; c++) {
      int end = c == LENGTH_BASE.length - 1 ? 259 : LENGTH_BASE[c + 1];
      Arrays.fill(LENGTH_CODE, LENGTH_BASE[c], end, (byte) c);
    }
    for (int c = 0; c < DISTANCES; c++) {
      int from = DISTANCE_BASE[c];
      Arrays.fill(DISTANCE_CODE, from, from + (1 << DISTANCE_EXTRA[c]), (byte) c);
    }
    Arrays.fill(FIXED_LITERAL_LENGTHS, 0, 144, 8);
    Arrays.fill(FIXED_LITERAL_LENGTHS, 144, 256, 9);
    Arrays.fill(FIXED_LITERAL_LENGTHS, 256, 280, 7);
    Arrays.fill(FIXED_LITERAL_LENGTHS, 280, 288, 8);
    Arrays.fill(FIXED_DISTANCE_LENGTHS, 5);
    codes(FIXED_LITERAL_LENGTHS, FIXED_LITERAL_CODES);
    codes(FIXED_DISTANCE_LENGTHS, FIXED_DISTANCE_CODES);
  }

  private final int[] literalCounts = new int[LITERALS];
  private final int[] distanceCounts = new int[DISTANCES];
  private final int[] literalLengths = new int[LITERALS];
  private final int[] distanceLengths = new int[DISTANCES];
  private final int[] literalCodes = new int[LITERALS];
  private final int[] distanceCodes = new int[DISTANCES];
  private final int[] codeLengthCounts = new int[19];
  private final int[] codeLengthLengths = new int[19];
  private final int[] codeLengthCodes = new int[19];
  private final int[] allLengths = new int[LITERALS + DISTANCES];
  private final int[] codeLengthSymbols = new int[LITERALS + DISTANCES]; // symbol | extra << 8
  private int codeLengthSymbolCount;
  private int literalCount; // HLIT + 257
  private int distanceCount; // HDIST + 1
  private int codeLengthCount; // HCLEN + 4

  private final int[] lengthBits = new int[DeflateParse.MAX_MATCH + 1];
  private final int[] lengthBitCounts = new int[DeflateParse.MAX_MATCH + 1];
  private byte[] out = new byte[16 * 1024];
  private int length;
  private long bits;
  private int bitCount;

  /** The bytes of the last {@link #write}, valid until the next one. */
  byte[] bytes() {
    return out;
  }

  /** Writes {@code parse} as a deflate block and an empty stored block; returns the byte count. */
  int write(DeflateParse parse) {
    int[] symbols = parse.symbols;
    Arrays.fill(literalCounts, 0);
    Arrays.fill(distanceCounts, 0);
    long extraBits = 0;
    for (int s : symbols) {
      int len = s >>> 16;
      if (len == 0) {
        literalCounts[s]++;
      } else {
        int lc = LENGTH_CODE[len];
        int dc = DISTANCE_CODE[s & 0xffff];
        literalCounts[257 + lc]++;
        distanceCounts[dc]++;
        extraBits += LENGTH_EXTRA[lc] + DISTANCE_EXTRA[dc];
      }
    }
    literalCounts[END_OF_BLOCK] = 1;
    lengths(literalCounts, literalLengths, MAX_BITS);
    lengths(distanceCounts, distanceLengths, MAX_BITS);
    long fixedBits = 3 + extraBits;
    long dynamicBits = 3 + extraBits + header();
    for (int i = 0; i < LITERALS; i++) {
      fixedBits += (long) literalCounts[i] * FIXED_LITERAL_LENGTHS[i];
      dynamicBits += (long) literalCounts[i] * literalLengths[i];
    }
    for (int i = 0; i < DISTANCES; i++) {
      fixedBits += (long) distanceCounts[i] * 5;
      dynamicBits += (long) distanceCounts[i] * distanceLengths[i];
    }
    boolean dynamic = dynamicBits < fixedBits;
    int need = (int) ((Math.min(dynamicBits, fixedBits) + 7) / 8) + 16;
    if (out.length < need) {
      out = new byte[Math.max(need, 2 * out.length)];
    }
    length = 0;
    bits = 0;
    bitCount = 0;
    int[] litLengths;
    int[] litCodes;
    int[] distLengths;
    int[] distCodes;
    if (dynamic) {
      put(0b100, 3); // not final, dynamic codes
      codes(literalLengths, literalCodes);
      codes(distanceLengths, distanceCodes);
      writeHeader();
      litLengths = literalLengths;
      litCodes = literalCodes;
      distLengths = distanceLengths;
      distCodes = distanceCodes;
    } else {
      put(0b010, 3); // not final, fixed codes
      litLengths = FIXED_LITERAL_LENGTHS;
      litCodes = FIXED_LITERAL_CODES;
      distLengths = FIXED_DISTANCE_LENGTHS;
      distCodes = FIXED_DISTANCE_CODES;
    }
    // The length symbol and its extra bits as one code per length: one load instead of five.
    for (int len = DeflateParse.MIN_MATCH; len <= DeflateParse.MAX_MATCH; len++) {
      int lc = LENGTH_CODE[len];
      int l = litLengths[257 + lc];
      lengthBits[len] = litCodes[257 + lc] | (len - LENGTH_BASE[lc]) << l;
      lengthBitCounts[len] = l + LENGTH_EXTRA[lc];
    }
    // The symbols, with the bit buffer in locals (what put does, inlined by hand for the loop).
    long acc = bits;
    int accBits = bitCount;
    int at = length;
    byte[] o = out;
    for (int s : symbols) {
      int len = s >>> 16;
      if (len == 0) {
        acc |= (long) litCodes[s] << accBits;
        accBits += litLengths[s];
      } else {
        acc |= (long) lengthBits[len] << accBits;
        accBits += lengthBitCounts[len];
        int distance = s & 0xffff;
        int dc = DISTANCE_CODE[distance];
        int d = distLengths[dc];
        if (accBits >= 32) { // the length's bits and the distance's could pass 64 together
          writeInt(o, at, acc);
          at += 4;
          acc >>>= 32;
          accBits -= 32;
        }
        acc |= (long) (distCodes[dc] | (distance - DISTANCE_BASE[dc]) << d) << accBits;
        accBits += d + DISTANCE_EXTRA[dc];
      }
      if (accBits >= 32) {
        writeInt(o, at, acc);
        at += 4;
        acc >>>= 32;
        accBits -= 32;
      }
    }
    bits = acc;
    bitCount = accBits;
    length = at;
    put(litCodes[END_OF_BLOCK], litLengths[END_OF_BLOCK]);
    put(0, 3); // an empty stored block, not final: the sync flush's byte boundary
    if (bitCount > 0) {
      put(0, 8 - (bitCount & 7) & 7);
      while (bitCount > 0) {
        out[length++] = (byte) bits;
        bits >>>= 8;
        bitCount -= 8;
      }
    }
    out[length++] = 0;
    out[length++] = 0;
    out[length++] = (byte) 0xff;
    out[length++] = (byte) 0xff;
    return length;
  }

  /**
   * Builds the code-length code of the dynamic header from the literal and distance lengths;
   * returns the header's bits after the block type.
   */
  private int header() {
    literalCount = LITERALS;
    while (literalCount > 257 && literalLengths[literalCount - 1] == 0) {
      literalCount--;
    }
    distanceCount = DISTANCES;
    while (distanceCount > 1 && distanceLengths[distanceCount - 1] == 0) {
      distanceCount--;
    }
    System.arraycopy(literalLengths, 0, allLengths, 0, literalCount);
    System.arraycopy(distanceLengths, 0, allLengths, literalCount, distanceCount);
    int total = literalCount + distanceCount;
    codeLengthSymbolCount = 0;
    Arrays.fill(codeLengthCounts, 0);
    for (int i = 0; i < total; ) {
      int l = allLengths[i];
      int run = 1;
      while (i + run < total && allLengths[i + run] == l) {
        run++;
      }
      i += run;
      if (l == 0) {
        for (; run >= 11; run -= Math.min(run, 138)) {
          codeLength(18, Math.min(run, 138) - 11);
        }
        if (run >= 3) {
          codeLength(17, run - 3);
          run = 0;
        }
      } else {
        codeLength(l, 0);
        run--;
        for (; run >= 3; run -= Math.min(run, 6)) {
          codeLength(16, Math.min(run, 6) - 3);
        }
      }
      for (; run > 0; run--) {
        codeLength(l, 0);
      }
    }
    lengths(codeLengthCounts, codeLengthLengths, MAX_CODE_LENGTH_BITS);
    codeLengthCount = 19;
    while (codeLengthCount > 4 && codeLengthLengths[CODE_LENGTH_ORDER[codeLengthCount - 1]] == 0) {
      codeLengthCount--;
    }
    int headerBits = 5 + 5 + 4 + 3 * codeLengthCount;
    for (int i = 0; i < codeLengthSymbolCount; i++) {
      int sym = codeLengthSymbols[i] & 0xff;
      headerBits += codeLengthLengths[sym] + extraOfCodeLength(sym);
    }
    return headerBits;
  }

  private void codeLength(int symbol, int extra) {
    codeLengthSymbols[codeLengthSymbolCount++] = symbol | extra << 8;
    codeLengthCounts[symbol]++;
  }

  private static int extraOfCodeLength(int symbol) {
    return symbol == 16 ? 2 : symbol == 17 ? 3 : symbol == 18 ? 7 : 0;
  }

  private void writeHeader() {
    codes(codeLengthLengths, codeLengthCodes);
    put(literalCount - 257, 5);
    put(distanceCount - 1, 5);
    put(codeLengthCount - 4, 4);
    for (int i = 0; i < codeLengthCount; i++) {
      put(codeLengthLengths[CODE_LENGTH_ORDER[i]], 3);
    }
    for (int i = 0; i < codeLengthSymbolCount; i++) {
      int sym = codeLengthSymbols[i] & 0xff;
      put(codeLengthCodes[sym], codeLengthLengths[sym]);
      int extra = extraOfCodeLength(sym);
      if (extra > 0) {
        put(codeLengthSymbols[i] >>> 8, extra);
      }
    }
  }

  /**
   * Appends the low {@code n} bits of {@code value} (at most 31) to the output, first bit first.
   */
  private void put(int value, int n) {
    bits |= (long) value << bitCount;
    bitCount += n;
    if (bitCount >= 32) {
      writeInt(out, length, bits);
      length += 4;
      bits >>>= 32;
      bitCount -= 32;
    }
  }

  /** Writes the low 32 bits of {@code v} at {@code o[at]}, low byte first. */
  private static void writeInt(byte[] o, int at, long v) {
    o[at] = (byte) v;
    o[at + 1] = (byte) (v >>> 8);
    o[at + 2] = (byte) (v >>> 16);
    o[at + 3] = (byte) (v >>> 24);
  }

  /**
   * The Huffman code lengths for {@code counts}, none longer than {@code maxBits}, at least two of
   * them non-zero (a code of one symbol is not complete, which some inflaters refuse). Over-long
   * codes are shortened by halving the counts and building again, as the counts' order is kept.
   */
  static void lengths(int[] counts, int[] lengths, int maxBits) {
    int n = counts.length;
    long[] leaves = new long[n];
    int[] weights = new int[n];
    System.arraycopy(counts, 0, weights, 0, n);
    int used = 0;
    for (int w : weights) {
      used += w > 0 ? 1 : 0;
    }
    for (int s = 0; used < 2; s++) {
      if (weights[s] == 0) {
        weights[s] = 1;
        used++;
      }
    }
    Arrays.fill(lengths, 0);
    int[] parent = new int[2 * used - 1];
    long[] weight = new long[2 * used - 1];
    int[] depth = new int[2 * used - 1];
    while (true) {
      int m = 0;
      for (int s = 0; s < n; s++) {
        if (weights[s] > 0) {
          leaves[m++] = (long) weights[s] << 16 | s;
        }
      }
      Arrays.sort(leaves, 0, m);
      for (int i = 0; i < m; i++) {
        weight[i] = leaves[i] >>> 16;
      }
      // Two queues: the leaves by weight, and the inner nodes, which are made in weight order.
      int leaf = 0;
      int inner = m;
      for (int next = m; next < 2 * m - 1; next++) {
        int a = leaf < m && (inner >= next || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
        int b = leaf < m && (inner >= next || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
        parent[a] = next;
        parent[b] = next;
        weight[next] = weight[a] + weight[b];
      }
      depth[2 * m - 2] = 0;
      int max = 0;
      for (int node = 2 * m - 3; node >= 0; node--) {
        depth[node] = depth[parent[node]] + 1;
        if (node < m) {
          max = Math.max(max, depth[node]);
        }
      }
      if (max <= maxBits) {
        for (int i = 0; i < m; i++) {
          lengths[(int) (leaves[i] & 0xffff)] = depth[i];
        }
        return;
      }
      for (int s = 0; s < n; s++) {
        if (weights[s] > 0) {
          weights[s] = weights[s] >>> 1 | 1;
        }
      }
    }
  }

  /** The canonical codes (RFC 1951, 3.2.2) of {@code lengths}, bit-reversed for writing. */
  static void codes(int[] lengths, int[] codes) {
    int[] count = new int[MAX_BITS + 1];
    for (int l : lengths) {
      count[l]++;
    }
    count[0] = 0;
    int[] next = new int[MAX_BITS + 1];
    int code = 0;
    for (int bits = 1; bits <= MAX_BITS; bits++) {
      code = (code + count[bits - 1]) << 1;
      next[bits] = code;
    }
    for (int s = 0; s < lengths.length; s++) {
      int l = lengths[s];
      codes[s] = l == 0 ? 0 : Integer.reverse(next[l]++) >>> (32 - l);
    }
  }
}
