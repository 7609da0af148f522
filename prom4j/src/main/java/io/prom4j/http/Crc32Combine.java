package io.prom4j.http;

/**
 * The CRC-32 of two byte runs joined, from the CRC-32 of each and the second one's length, without
 * reading the bytes: what lets {@link GzipOutput} send a kept block without running the checksum
 * over it again.
 *
 * <p>Implementation notes. The CRC is a remainder of polynomials over GF(2) (the reflected
 * polynomial {@code 0xEDB88320}), so appending {@code n} bytes to a run multiplies the run's CRC by
 * x^(8n) modulo that polynomial; the second run's CRC is then added (xor). x^(8n) is built from a
 * table of x^(2^k) by squaring, one multiplication per set bit of {@code n}; a multiplication is 32
 * shift-and-xor steps. This is the method of zlib's {@code crc32_combine}, written from its
 * description (Mark Adler's notes in zlib's crc32.c): for a 64 KiB block about 17 multiplications,
 * against reading 65,536 bytes.
 */
final class Crc32Combine {

  private static final int POLY = 0xEDB88320; // reflected: bit 31 is x^0

  private static final int[] X2N = new int[32]; // X2N[k] = x^(2^k) mod p

  static {
    int p = 1 << 30; // x^1
    X2N[0] = p;
    for (int k = 1; k < 32; k++) {
      p = multiply(p, p);
      X2N[k] = p;
    }
  }

  private Crc32Combine() {}

  /** The CRC-32 of run A then run B, given A's CRC, B's CRC and B's length in bytes. */
  static int combine(int crcA, int crcB, long lengthB) {
    return combineShifted(crcA, crcB, xToEightN(lengthB));
  }

  /**
   * {@link #combine}, given {@code shiftB = xToEightN(lengthB)} instead of the length: one
   * multiplication, for a run whose length is known ahead (a kept block keeps its shift).
   */
  static int combineShifted(int crcA, int crcB, int shiftB) {
    return multiply(shiftB, crcA) ^ crcB;
  }

  /** x^(8n) modulo the polynomial. */
  static int xToEightN(long n) {
    int p = 1 << 31; // x^0
    int k = 3; // 8n = n * 2^3
    while (n != 0) {
      if ((n & 1) != 0) {
        p = multiply(X2N[k & 31], p);
      }
      n >>>= 1;
      k++;
    }
    return p;
  }

  /** a * b modulo the polynomial (reflected bit order). */
  static int multiply(int a, int b) {
    if (a == 0) {
      return 0;
    }
    int m = 1 << 31;
    int p = 0;
    while (true) {
      if ((a & m) != 0) {
        p ^= b;
        if ((a & (m - 1)) == 0) {
          return p;
        }
      }
      m >>>= 1;
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
  }
}
