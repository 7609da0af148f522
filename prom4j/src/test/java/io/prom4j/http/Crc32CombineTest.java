package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32CombineTest {

  private static int crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  @Test
  void combiningTheCrcsOfTwoRuns_givesTheCrcOfTheRunsJoined() {
    Random random = new Random(1);
    byte[] b = new byte[200_000];
    random.nextBytes(b);
    for (int cut : new int[] {0, 1, 7, 8, 65_535, 65_536, 131_073, 199_999, 200_000}) {
      int joined =
          Crc32Combine.combine(crc(b, 0, cut), crc(b, cut, b.length - cut), b.length - cut);

      assertThat(joined).as("cut at %d", cut).isEqualTo(crc(b, 0, b.length));
    }
  }

  @Test
  void blocksCombinedOneAfterAnother_giveTheCrcOfTheBody() {
    Random random = new Random(2);
    byte[] b = new byte[300_000];
    random.nextBytes(b);
    int running = 0; // the CRC of no bytes
    int at = 0;
    while (at < b.length) {
      int len = Math.min(b.length - at, random.nextInt(70_000));
      running = Crc32Combine.combine(running, crc(b, at, len), len);
      at += len;
    }

    assertThat(running).isEqualTo(crc(b, 0, b.length));
  }
}
