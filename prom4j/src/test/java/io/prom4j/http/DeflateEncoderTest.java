package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * prom4j's own deflate encoder: {@link DeflateSearch}, {@link DeflateParse}, {@link DeflateBlock}.
 */
class DeflateEncoderTest {

  /** Lines as a counter family's: long repeated prefixes, label values and values that differ. */
  private static byte[] counterLines(int series, long base) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < series; i++) {
      b.append("http_requests_total{path=\"/api/v1/items/")
          .append(i)
          .append("\",status=\"")
          .append(i % 3 == 0 ? "200" : "500")
          .append("\"} ")
          .append(base + 7L * i)
          .append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Inflates what {@link DeflateBlock} wrote (a block and a sync flush) with the JDK's zlib. */
  private static byte[] inflate(byte[] deflated, int length) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    byte[] ended = Arrays.copyOf(deflated, length + 2);
    ended[length] = 3; // a final, empty block with the fixed codes
    ended[length + 1] = 0;
    inflater.setInput(ended);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!inflater.finished()) {
      int n = inflater.inflate(buffer);
      if (n == 0 && !inflater.finished() && inflater.needsInput()) {
        throw new AssertionError("the stream ended before its final block");
      }
      out.write(buffer, 0, n);
    }
    inflater.end();
    return out.toByteArray();
  }

  private static byte[] encode(DeflateParse parse) {
    DeflateBlock block = new DeflateBlock();
    int n = block.write(parse);
    return Arrays.copyOf(block.bytes(), n);
  }

  private static byte[] roundTrip(byte[] plain) throws DataFormatException {
    byte[] deflated = encode(new DeflateSearch().parse(plain, plain.length));
    return inflate(deflated, deflated.length);
  }

  @Test
  void searchedLines_inflateToTheSameBytes_andCompressAboutAsWellAsZlibsFastestLevel()
      throws DataFormatException {
    byte[] plain = counterLines(200, 1_000_000);

    byte[] deflated = encode(new DeflateSearch().parse(plain, plain.length));

    assertThat(inflate(deflated, deflated.length)).isEqualTo(plain);
    Deflater zlib = new Deflater(Deflater.BEST_SPEED, true);
    zlib.setInput(plain);
    byte[] buffer = new byte[plain.length];
    int zlibLength = zlib.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
    zlib.end();
    assertThat(deflated.length).isLessThan(zlibLength * 3 / 2);
  }

  @Test
  void bytesOfEveryKind_inflateToTheSameBytes() throws DataFormatException {
    Random random = new Random(42);
    byte[] noise = new byte[20_000];
    random.nextBytes(noise);
    byte[] oneByte = new byte[70_000];
    Arrays.fill(oneByte, (byte) 'x'); // back-references that overlap what they copy
    byte[] farApart = new byte[GzipOutput.MAX_BLOCK];
    random.nextBytes(farApart);
    System.arraycopy(farApart, 0, farApart, 40_000, 1_000); // a repeat beyond the window

    for (byte[] plain :
        new byte[][] {new byte[0], {7}, {1, 2, 3, 1, 2, 3, 1}, noise, oneByte, farApart}) {
      assertThat(roundTrip(plain)).isEqualTo(plain);
    }
  }

  @Test
  void aRepairedParse_inflatesToTheChangedBytes() throws DataFormatException {
    byte[] before = counterLines(300, 1_000_000);
    DeflateParse parse = new DeflateSearch().parse(before, before.length);

    byte[] after = counterLines(300, 1_000_001); // every value changed, each keeps its length
    DeflateParse repaired = parse.repair(after, after.length);

    assertThat(repaired).isNotNull();
    byte[] deflated = encode(repaired);
    assertThat(inflate(deflated, deflated.length)).isEqualTo(after);
  }

  @Test
  void parsesRepairedAgainAndAgain_stayCorrect_untilTheyAreRefusedForANewSearch()
      throws DataFormatException {
    byte[] bytes = counterLines(300, 1_000_000);
    DeflateParse parse = new DeflateSearch().parse(bytes, bytes.length);
    Random random = new Random(7);
    int refused = 0;

    for (int round = 0; round < 200; round++) {
      for (int i = 0; i < 20; i++) { // a few digits change, the length does not
        int at = random.nextInt(bytes.length);
        if (Character.isDigit(bytes[at])) {
          bytes[at] = (byte) ('0' + random.nextInt(10));
        }
      }
      DeflateParse repaired = parse.repair(bytes, bytes.length);
      if (repaired == null) { // a tenth longer than its search: what GzipOutput searches again
        refused++;
        repaired = new DeflateSearch().parse(bytes, bytes.length);
      }

      byte[] deflated = encode(repaired);
      assertThat(inflate(deflated, deflated.length)).isEqualTo(bytes);
      assertThat(repaired.symbols.length)
          .isLessThanOrEqualTo(repaired.searched + repaired.searched / 10 + 16);
      parse = repaired;
    }
    assertThat(refused).isPositive();
  }

  @Test
  void aParseOfOtherBytes_isRepairedIntoACorrectOne_orRefused() throws DataFormatException {
    byte[] lines = counterLines(100, 1_000_000);
    byte[] other = new byte[lines.length];
    new Random(3).nextBytes(other);
    DeflateParse ofLines = new DeflateSearch().parse(lines, lines.length);

    DeflateParse repaired = ofLines.repair(other, other.length);

    if (repaired != null) { // random bytes break most references: likely too long, refused
      byte[] deflated = encode(repaired);
      assertThat(inflate(deflated, deflated.length)).isEqualTo(other);
    }
    byte[] sameKindOtherValues = counterLines(100, 2_000_000);
    assertThat(sameKindOtherValues).hasSameSizeAs(lines);
    DeflateParse fitted = ofLines.repair(sameKindOtherValues, sameKindOtherValues.length);
    byte[] deflated = encode(fitted);
    assertThat(inflate(deflated, deflated.length)).isEqualTo(sameKindOtherValues);
  }

  @Test
  void aParseOfAnotherLength_isNotRepaired() {
    byte[] lines = counterLines(100, 5);
    DeflateParse parse = new DeflateSearch().parse(lines, lines.length);

    assertThat(parse.repair(lines, lines.length - 1)).isNull();
    assertThat(parse.repair(Arrays.copyOf(lines, lines.length + 1), lines.length + 1)).isNull();
  }

  @Test
  void huffmanLengths_stayWithinTheirLimit_andFormACompleteCode() {
    int[] counts = new int[30];
    long a = 1;
    long b = 1;
    for (int i = 0; i < counts.length; i++) { // Fibonacci counts: the deepest tree there is
      counts[i] = (int) Math.min(a, Integer.MAX_VALUE / 4);
      long next = a + b;
      a = b;
      b = next;
    }
    int[] lengths = new int[counts.length];

    DeflateBlock.lengths(counts, lengths, 15);

    double kraft = 0;
    for (int l : lengths) {
      assertThat(l).isBetween(1, 15);
      kraft += Math.pow(2, -l);
    }
    assertThat(kraft).isEqualTo(1.0);
  }

  @Test
  void aSingleUsedSymbol_stillGetsACompleteCodeOfTwo() {
    int[] counts = new int[19];
    counts[5] = 100;
    int[] lengths = new int[19];

    DeflateBlock.lengths(counts, lengths, 7);

    assertThat(Arrays.stream(lengths).filter(l -> l > 0).toArray()).containsExactly(1, 1);
  }
}
