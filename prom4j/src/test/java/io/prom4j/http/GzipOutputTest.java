package io.prom4j.http;

import static io.prom4j.testing.Gzip.gunzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GzipOutputTest {

  private static byte[] gzip(GzipOutput g, String text) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    g.start(sink).write(text.getBytes(StandardCharsets.UTF_8));
    g.finish();
    return sink.toByteArray();
  }

  /** Writes {@code families} as one body, each followed by a family end, as the writers do. */
  private static byte[] gzipFamilies(GzipOutput g, List<String> families) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    g.start(sink);
    for (String f : families) {
      g.write(f.getBytes(StandardCharsets.UTF_8));
      g.familyEnd();
    }
    g.finish();
    return sink.toByteArray();
  }

  /** A family of {@code series} sample lines whose values are {@code base + i}. */
  private static String family(int f, int series, long base) {
    StringBuilder b = new StringBuilder("# TYPE app_requests_" + f + " counter\n");
    for (int i = 0; i < series; i++) {
      b.append("app_requests_")
          .append(f)
          .append("_total{path=\"/api/v1/resource/")
          .append(i)
          .append("\"} ")
          .append(base + i)
          .append('\n');
    }
    return b.toString();
  }

  /** {@code count} families, each larger than a block's minimum (so each is a block). */
  private static List<String> families(int count, long base) {
    List<String> all = new ArrayList<>();
    for (int f = 0; f < count; f++) {
      all.add(family(f, SERIES, base));
    }
    assertThat(all.get(0).length()).isGreaterThan(GzipOutput.MIN_BLOCK);
    return all;
  }

  private static final int SERIES = 500;

  @Test
  void anUnchangedBody_isSentFromTheKeptBlocks_andStillDecodes() throws IOException {
    GzipOutput g = new GzipOutput();
    List<String> body = families(20, 1000);

    byte[] first = gzipFamilies(g, body);
    byte[] second = gzipFamilies(g, body);

    assertThat(gunzip(second)).isEqualTo(String.join("", body));
    assertThat(second).isEqualTo(first);
    assertThat(g.blocksAndReused()).containsExactly(20, 20);
  }

  @Test
  void aChangedFamily_isCompressedAgain_andTheOthersAreReused() throws IOException {
    GzipOutput g = new GzipOutput();
    List<String> body = families(20, 1000);
    gzipFamilies(g, body);

    body.set(7, family(7, SERIES, 99_999)); // longer values: later bytes shift, blocks do not
    byte[] changed = gzipFamilies(g, body);

    assertThat(gunzip(changed)).isEqualTo(String.join("", body));
    assertThat(g.blocksAndReused()).containsExactly(20, 19);
  }

  @Test
  void encodersOfOnePool_shareTheirKeptBlocks_soAChangeIsCompressedOnce() throws IOException {
    GzipPool pool = new GzipPool();
    GzipOutput a = pool.acquire();
    GzipOutput b = pool.acquire();
    List<String> body = families(20, 1000);
    gzipFamilies(a, body);

    byte[] fromTheOther = gzipFamilies(b, body);
    assertThat(b.blocksAndReused()).containsExactly(20, 20);

    body.set(7, family(7, SERIES, 99_999));
    gzipFamilies(b, body);
    byte[] changed = gzipFamilies(a, body);

    assertThat(a.blocksAndReused()).containsExactly(20, 20); // b compressed the change
    assertThat(gunzip(changed)).isEqualTo(String.join("", body));
    assertThat(gunzip(fromTheOther)).isEqualTo(String.join("", families(20, 1000)));
  }

  @Test
  void eachFormat_keepsItsOwnBlocks_soScrapesInTwoFormatsAlternatingReuseThemAll()
      throws IOException {
    GzipPool pool = new GzipPool();
    List<String> text = families(20, 1000);
    List<String> other = families(20, 2000);
    gzipFamilies(pool.acquire("text/plain"), text);
    gzipFamilies(pool.acquire("application/openmetrics-text"), other);

    GzipOutput again = pool.acquire("text/plain");
    byte[] body = gzipFamilies(again, text);

    assertThat(again.blocksAndReused()).containsExactly(20, 20);
    assertThat(gunzip(body)).isEqualTo(String.join("", text));
  }

  @Test
  void overlappingResponses_ofEncodersSharingBlocks_eachDecodeToTheirOwnBody() throws IOException {
    GzipPool pool = new GzipPool();
    GzipOutput a = pool.acquire();
    GzipOutput b = pool.acquire();
    List<String> before = families(20, 1000);
    gzipFamilies(a, before);
    List<String> after = new ArrayList<>(before);
    after.set(3, family(3, SERIES, 77_777));

    ByteArrayOutputStream sinkA = new ByteArrayOutputStream();
    ByteArrayOutputStream sinkB = new ByteArrayOutputStream();
    a.start(sinkA);
    b.start(sinkB);
    for (int f = 0; f < before.size(); f++) { // interleaved, as two scrapes on two threads
      a.write(after.get(f).getBytes(StandardCharsets.UTF_8));
      a.familyEnd();
      b.write(before.get(f).getBytes(StandardCharsets.UTF_8));
      b.familyEnd();
    }
    a.finish();
    b.finish(); // finishes last: its blocks (of the body before) are the ones kept

    assertThat(gunzip(sinkA.toByteArray())).isEqualTo(String.join("", after));
    assertThat(gunzip(sinkB.toByteArray())).isEqualTo(String.join("", before));
    assertThat(gunzip(gzipFamilies(a, after))).isEqualTo(String.join("", after));
    assertThat(a.blocksAndReused()).containsExactly(20, 19);
  }

  @Test
  void bodiesThatGrowShrinkAndChange_alwaysDecodeToWhatWasWritten() throws IOException {
    GzipOutput g = new GzipOutput();
    Random random = new Random(42);
    List<String> body = new ArrayList<>();
    for (int round = 0; round < 60; round++) {
      int op = random.nextInt(4);
      if (op == 0 || body.isEmpty()) {
        body.add(random.nextInt(body.size() + 1), family(round, 1 + random.nextInt(300), round));
      } else if (op == 1) {
        body.remove(random.nextInt(body.size()));
      } else if (op == 2) {
        int i = random.nextInt(body.size());
        body.set(i, family(i, 1 + random.nextInt(300), random.nextInt(1_000_000)));
      } // op 3: the same body again

      assertThat(gunzip(gzipFamilies(g, body))).isEqualTo(String.join("", body));
    }
  }

  @Test
  void aFamilyLargerThanABlock_andABodyLargerThanTheCache_roundTripTwice() throws IOException {
    GzipOutput g = new GzipOutput();
    List<String> body = new ArrayList<>();
    body.add(family(0, 60_000, 1)); // about 2.7 MB in one write, no family end inside
    body.add(family(1, 40_000, 7));
    assertThat(String.join("", body).length()).isGreaterThan(GzipOutput.CACHE_LIMIT);

    assertThat(gunzip(gzipFamilies(g, body))).isEqualTo(String.join("", body));
    body.set(1, family(1, 40_000, 8)); // changes past the kept bytes
    assertThat(gunzip(gzipFamilies(g, body))).isEqualTo(String.join("", body));
    assertThat(gunzip(gzipFamilies(g, body))).isEqualTo(String.join("", body));
  }

  @Test
  void aChangeDeflatedByOneResponse_isReusedByAnotherAlreadyUnderWay() throws IOException {
    GzipPool pool = new GzipPool();
    GzipOutput a = pool.acquire();
    GzipOutput b = pool.acquire();
    List<String> body = families(20, 1000);
    gzipFamilies(a, body);
    body.set(7, family(7, SERIES, 2000)); // new values of the same lengths, as counters' mostly are

    byte[][] sinks = overlapping(a, b, bytes(body), false);

    assertThat(a.blocksAndReused()).containsExactly(20, 19);
    assertThat(b.blocksAndReused()).containsExactly(20, 20); // a deflated the change
    assertThat(gunzip(sinks[1])).isEqualTo(String.join("", body));
    assertThat(sinks[1]).isEqualTo(sinks[0]);
  }

  @Test
  void aKeptRenderingDeflatedByOneResponse_isReusedByAnotherAlreadyUnderWay() throws IOException {
    GzipPool pool = new GzipPool();
    GzipOutput a = pool.acquire();
    GzipOutput b = pool.acquire();
    List<byte[]> body = keptFamilies(20, 1000);
    gzipKept(a, body);
    body.set(7, family(7, SERIES, 2000).getBytes(StandardCharsets.UTF_8)); // a new rendering

    byte[][] sinks = overlapping(a, b, body, true);

    assertThat(b.blocksAndReused()).containsExactly(20, 20);
    assertThat(gunzip(sinks[1])).isEqualTo(text(body));
  }

  @Test
  void aBlockLongerThanTheOneItWouldReplace_isNotShared_soSharingNeverGrowsTheKeptBlocks()
      throws IOException {
    GzipPool pool = new GzipPool();
    GzipOutput a = pool.acquire();
    GzipOutput b = pool.acquire();
    List<String> body = families(20, 1000);
    gzipFamilies(a, body);
    body.set(7, family(7, SERIES, 99_999)); // longer values: a longer block

    byte[][] sinks = overlapping(a, b, bytes(body), false);

    assertThat(b.blocksAndReused()).containsExactly(20, 19); // deflated it again itself
    assertThat(gunzip(sinks[1])).isEqualTo(String.join("", body));
  }

  /**
   * Two responses that overlap: both start, then {@code a} writes all of {@code body} (by reference
   * if {@code kept}), then {@code b} does while {@code a} is still under way; {@code b} finishes
   * first. Returns what each sent.
   */
  private static byte[][] overlapping(GzipOutput a, GzipOutput b, List<byte[]> body, boolean kept)
      throws IOException {
    ByteArrayOutputStream sinkA = new ByteArrayOutputStream();
    ByteArrayOutputStream sinkB = new ByteArrayOutputStream();
    a.start(sinkA);
    b.start(sinkB); // both start from the same kept blocks
    for (GzipOutput g : new GzipOutput[] {a, b}) {
      for (byte[] f : body) {
        if (kept) {
          g.writeKept(f, 0, f.length);
        } else {
          g.write(f);
        }
        g.familyEnd();
      }
    }
    b.finish();
    a.finish();
    return new byte[][] {sinkA.toByteArray(), sinkB.toByteArray()};
  }

  private static List<byte[]> bytes(List<String> families) {
    List<byte[]> all = new ArrayList<>();
    families.forEach(f -> all.add(f.getBytes(StandardCharsets.UTF_8)));
    return all;
  }

  /** Writes each family by reference (as a kept rendering), each followed by a family end. */
  private static byte[] gzipKept(GzipOutput g, List<byte[]> families) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    g.start(sink);
    for (byte[] f : families) {
      g.writeKept(f, 0, f.length);
      g.familyEnd();
    }
    g.finish();
    return sink.toByteArray();
  }

  private static List<byte[]> keptFamilies(int count, long base) {
    return bytes(families(count, base));
  }

  private static String text(List<byte[]> families) {
    StringBuilder b = new StringBuilder();
    families.forEach(f -> b.append(new String(f, StandardCharsets.UTF_8)));
    return b.toString();
  }

  @Test
  void keptRenderingsWrittenAgain_areSentFromTheKeptBlocks_withTheSameBytes() throws IOException {
    GzipOutput g = new GzipOutput();
    List<byte[]> body = keptFamilies(20, 1000);
    body.add(family(20, 3_000, 5).getBytes(StandardCharsets.UTF_8)); // three blocks in one family

    byte[] first = gzipKept(g, body);
    byte[] second = gzipKept(g, body);

    assertThat(gunzip(second)).isEqualTo(text(body));
    List<String> asText = body.stream().map(f -> new String(f, StandardCharsets.UTF_8)).toList();
    assertThat(second).isEqualTo(first).isEqualTo(gzipFamilies(new GzipOutput(), asText));
    assertThat(g.blocksAndReused()).containsExactly(23, 23);
  }

  @Test
  void aKeptRenderingReplaced_isCompressedAgain_evenWithTheSameBytes_andTheOthersAreReused()
      throws IOException {
    GzipOutput g = new GzipOutput();
    List<byte[]> body = keptFamilies(20, 1000);
    gzipKept(g, body);

    body.set(3, body.get(3).clone()); // rendered again: known by its array, so not compared
    body.set(7, family(7, SERIES, 99_999).getBytes(StandardCharsets.UTF_8));
    byte[] changed = gzipKept(g, body);

    assertThat(gunzip(changed)).isEqualTo(text(body));
    assertThat(g.blocksAndReused()).containsExactly(20, 18);
    assertThat(gunzip(gzipKept(g, body))).isEqualTo(text(body));
    assertThat(g.blocksAndReused()).containsExactly(20, 20);
  }

  @Test
  void keptAndPlainWritesMixed_alwaysDecodeToWhatWasWritten() throws IOException {
    GzipOutput g = new GzipOutput();
    Random random = new Random(7);
    List<byte[]> body = new ArrayList<>();
    for (int round = 0; round < 80; round++) {
      int op = random.nextInt(4);
      if (op == 0 || body.isEmpty()) {
        int series = 1 + random.nextInt(random.nextBoolean() ? 40 : 2_000);
        body.add(
            random.nextInt(body.size() + 1),
            family(round, series, round).getBytes(StandardCharsets.UTF_8));
      } else if (op == 1) {
        body.remove(random.nextInt(body.size()));
      } else if (op == 2) {
        int i = random.nextInt(body.size());
        body.set(i, family(i, 1 + random.nextInt(300), random.nextInt(1_000_000)).getBytes());
      } // op 3: the same body again
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      g.start(sink);
      for (byte[] f : body) {
        int cut = random.nextInt(f.length + 1);
        switch (random.nextInt(3)) {
          case 0 -> g.writeKept(f, 0, f.length);
          case 1 -> g.write(f, 0, f.length);
          default -> { // a kept prefix, then lines written out (a family partly changed)
            g.writeKept(f, 0, cut);
            g.write(f, cut, f.length - cut);
          }
        }
        g.familyEnd();
      }
      g.finish();

      assertThat(gunzip(sink.toByteArray())).isEqualTo(text(body));
    }
  }

  @Test
  void gzip_roundTrips_andTheEncoderIsReusable() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      text.append("metric_").append(i % 97).append("{a=\"b\"} ").append(i).append('\n');
    }
    GzipOutput g = new GzipOutput();

    byte[] first = gzip(g, text.toString());
    byte[] second = gzip(g, "small");

    assertThat(first.length).isLessThan(text.length() / 5);
    assertThat(gunzip(first)).isEqualTo(text.toString());
    assertThat(gunzip(second)).isEqualTo("small");
    g.end();
  }

  @Test
  void gzip_isDeterministic() throws IOException {
    assertThat(gzip(new GzipOutput(), "same input"))
        .isEqualTo(gzip(new GzipOutput(), "same input"));
  }

  @Test
  void gzip_ofAnEmptyBody_isAValidGzipStream() throws IOException {
    assertThat(gunzip(gzip(new GzipOutput(), ""))).isEmpty();
  }

  @Test
  void gzip_afterAnAbandonedResponse_startsClean() throws IOException {
    GzipOutput g = new GzipOutput();
    g.start(new ByteArrayOutputStream()).write("half a body that never finished".getBytes());

    assertThat(gunzip(gzip(g, "next"))).isEqualTo("next");
  }
}
