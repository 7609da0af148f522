package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NativeBucketIndexTest {

  /** client_golang's literal table of schema 8 (which contains every lower schema's entries). */
  private static double[] goSchema8() throws IOException {
    try (InputStream in =
        NativeBucketIndexTest.class.getResourceAsStream("go-native-bounds-schema8.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return Arrays.stream(text.split("\n"))
          .filter(l -> !l.startsWith("#"))
          .flatMap(l -> Arrays.stream(l.trim().split(" +")))
          .filter(t -> !t.isEmpty())
          .mapToDouble(Double::parseDouble)
          .toArray();
    }
  }

  @Test
  void bounds_everySchema_bitIdenticalToGoLiterals() throws IOException {
    double[] go = goSchema8();
    assertThat(go).hasSize(256);
    for (int s = 1; s <= 8; s++) {
      double[] ours = NativeBucketIndex.bounds(s);
      assertThat(ours).hasSize(1 << s);
      for (int j = 0; j < ours.length; j++) {
        double expected = go[j << (8 - s)];
        assertThat(Double.doubleToRawLongBits(ours[j]))
            .as("schema %d entry %d", s, j)
            .isEqualTo(Double.doubleToRawLongBits(expected));
      }
    }
  }

  @Test
  void bounds_schema1_isGoValueOneUlpBelowCorrectlyRoundedRoot() {
    assertThat(NativeBucketIndex.bounds(1)[1]).isEqualTo(0.7071067811865475);
    assertThat(Math.sqrt(0.5)).isEqualTo(0.7071067811865476);
  }

  @Test
  void index_everyBoundAndItsNeighbours_matchesGoBucket() {
    int[] exponents = {-1022, -1008, -500, -64, -3, -1, 0, 1, 2, 10, 64, 500, 1000, 1023};
    for (int s = NativeBucketIndex.MIN_SCHEMA; s <= NativeBucketIndex.MAX_SCHEMA; s++) {
      int perOctave = s > 0 ? 1 << s : 1;
      for (int e : exponents) {
        int step = s >= 0 ? 1 : 1 << -s;
        if (s < 0 && e % step != 0) {
          continue; // not a bound of this schema
        }
        for (int j = 0; j < perOctave; j++) {
          int key = s >= 0 ? (e << s) + j : e >> -s;
          double bound = NativeBucketIndex.upperBound(key, s);
          if (bound == 0 || Double.isInfinite(bound)) {
            continue;
          }
          assertThat(NativeBucketIndex.index(bound, s))
              .as("schema %d bound %s", s, bound)
              .isEqualTo(key);
          assertThat(NativeBucketIndex.index(Math.nextDown(bound), s))
              .as("schema %d below %s", s, bound)
              .isEqualTo(key);
          assertThat(NativeBucketIndex.index(Math.nextUp(bound), s))
              .as("schema %d above %s", s, bound)
              .isEqualTo(key + 1);
        }
      }
    }
  }

  @Test
  void index_referenceExamples_matchGo() {
    assertThat(NativeBucketIndex.index(1, 0)).isEqualTo(0);
    assertThat(NativeBucketIndex.index(1.5, 0)).isEqualTo(1);
    assertThat(NativeBucketIndex.index(2, 0)).isEqualTo(1);
    assertThat(NativeBucketIndex.index(3, 0)).isEqualTo(2);
    assertThat(NativeBucketIndex.index(1.1, 3)).isEqualTo(2);
    assertThat(NativeBucketIndex.index(3, -1)).isEqualTo(1);
    assertThat(NativeBucketIndex.index(4, -1)).isEqualTo(1);
    assertThat(NativeBucketIndex.index(0.3, -1)).isEqualTo(0);
  }

  @Test
  void index_maxValueAndInfinity_lastAndOverflowBuckets() {
    assertThat(NativeBucketIndex.index(Double.MAX_VALUE, 8)).isEqualTo(262144);
    assertThat(NativeBucketIndex.index(Double.POSITIVE_INFINITY, 8)).isEqualTo(262145);
    assertThat(NativeBucketIndex.index(Double.MAX_VALUE, 0)).isEqualTo(1024);
    assertThat(NativeBucketIndex.index(Double.MAX_VALUE, -4)).isEqualTo(64);
    assertThat(NativeBucketIndex.index(Double.POSITIVE_INFINITY, -4)).isEqualTo(65);
    assertThat(NativeBucketIndex.upperBound(262144, 8)).isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void index_subnormals_likeFrexp() {
    // MIN_VALUE = 2^-1074 = 0.5 * 2^-1073: an exact power of two, the bound of bucket -1074.
    assertThat(NativeBucketIndex.index(Double.MIN_VALUE, 0)).isEqualTo(-1074);
    assertThat(NativeBucketIndex.index(3 * Double.MIN_VALUE, 0)).isEqualTo(-1072);
    assertThat(NativeBucketIndex.index(Double.MIN_NORMAL, 0)).isEqualTo(-1022);
    assertThat(NativeBucketIndex.index(Math.nextDown(Double.MIN_NORMAL), 0)).isEqualTo(-1022);
  }

  @Test
  void lower_mergesNeighboursAsGoDoubleBucketWidth() {
    // Go: k > 0 -> (k + 1) / 2, k <= 0 -> k / 2 (truncating)
    for (int k = -50; k <= 50; k++) {
      int go = k > 0 ? (k + 1) / 2 : k / 2;
      assertThat(NativeBucketIndex.lower(k, 5, 4)).as("key %d", k).isEqualTo(go);
      int twice = go > 0 ? (go + 1) / 2 : go / 2;
      assertThat(NativeBucketIndex.lower(k, 5, 3)).as("key %d twice", k).isEqualTo(twice);
    }
  }

  @Test
  void lower_keepsEveryValueInItsBucket() {
    double[] values = {1e-9, 0.001, 0.3, 1, 1.5, 2, 3, 7.77, 1e6, 1e300};
    for (double v : values) {
      for (int s = 8; s > -4; s--) {
        assertThat(NativeBucketIndex.lower(NativeBucketIndex.index(v, s), s, s - 1))
            .as("value %s schema %d", v, s)
            .isEqualTo(NativeBucketIndex.index(v, s - 1));
      }
    }
  }

  /** The reference: frexp with Math.getExponent and a binary search over the bounds, as Go does. */
  private static int referenceIndex(double v, int schema) {
    int exp = Math.getExponent(v) + 1;
    double frac = Math.scalb(v, -exp);
    if (schema > 0) {
      double[] bounds = NativeBucketIndex.bounds(schema);
      int r = Arrays.binarySearch(bounds, frac);
      return (r >= 0 ? r : -r - 1) + (exp - 1) * bounds.length;
    }
    int key = frac == 0.5 ? exp - 1 : exp;
    return (key + (1 << -schema) - 1) >> -schema;
  }

  @Test
  void index_randomNormalValues_matchesBinarySearchReference() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      double v = Math.scalb(1 + r.nextDouble(), r.nextInt(-1000, 1000));
      int s = r.nextInt(-4, 9);
      assertThat(NativeBucketIndex.index(v, s))
          .as("%s at schema %d", v, s)
          .isEqualTo(referenceIndex(v, s));
    }
  }
}
