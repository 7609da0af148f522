package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static double maxOpenFiles(String limits) {
    byte[] b = ascii(limits);
    return ProcFs.parseMaxOpenFiles(b, b.length);
  }

  @Test
  void parseMaxOpenFiles_softLimitOfTheMatchingLine() {
    assertThat(
            maxOpenFiles(
                "Max processes  63551  63551  processes\n"
                    + "Max open files  4096  1048576  files\n"))
        .isEqualTo(4096.0);
    assertThat(maxOpenFiles("Max open files            unlimited  unlimited  files\n"))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void parseMaxOpenFiles_absentOrGarbled_isNaN() {
    assertThat(maxOpenFiles("")).isNaN();
    assertThat(maxOpenFiles("Max processes  63551  63551  processes\n")).isNaN();
    assertThat(maxOpenFiles("Max open files")).isNaN();
    assertThat(maxOpenFiles("Max open files  lots  lots  files\n")).isNaN();
    assertThat(maxOpenFiles("  Max open files  10  10  files\n")).isNaN();
  }

  @Test
  void parseLong_digitsOnly() {
    byte[] b = ascii("x12345 -1 99999999999999999999");
    assertThat(ProcFs.parseLong(b, 1, 6)).isEqualTo(12345);
    assertThat(ProcFs.parseLong(b, 0, 6)).isEqualTo(-1);
    assertThat(ProcFs.parseLong(b, 7, 9)).isEqualTo(-1);
    assertThat(ProcFs.parseLong(b, 3, 3)).isEqualTo(-1);
    assertThat(ProcFs.parseLong(b, 10, b.length)).isEqualTo(-1); // too long for a long
  }

  @Test
  void readAuxv_pageSizeAndClockTicks(@TempDir Path dir) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16 * 4).order(ByteOrder.nativeOrder());
    b.putLong(17).putLong(100).putLong(6).putLong(16384).putLong(0).putLong(0);
    b.putLong(6).putLong(1); // after AT_NULL: ignored
    Path auxv = Files.write(dir.resolve("auxv"), b.array());

    assertThat(ProcFs.readAuxv(auxv)).containsExactly(16384, 100);
  }

  @Test
  void readAuxv_missingOrTruncated_isUnknown(@TempDir Path dir) throws IOException {
    assertThat(ProcFs.readAuxv(dir.resolve("absent"))).containsExactly(0, 0);
    Path truncated = Files.write(dir.resolve("auxv"), new byte[] {6, 0, 0});
    assertThat(ProcFs.readAuxv(truncated)).containsExactly(0, 0);
  }

  @Test
  void readAuxv_realProcess_reportsAPowerOfTwoPageSize() {
    Path auxv = Path.of("/proc/self/auxv");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(auxv), "Linux /proc");

    long[] aux = ProcFs.readAuxv(auxv);

    assertThat(Long.bitCount(aux[0])).isEqualTo(1);
    assertThat(aux[0]).isGreaterThanOrEqualTo(4096);
    assertThat(aux[1]).isEqualTo(ProcFs.DEFAULT_CLOCK_TICKS);
  }
}
