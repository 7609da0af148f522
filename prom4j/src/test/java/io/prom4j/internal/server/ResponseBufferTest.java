package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.Gzip;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseBufferTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void write_growsPastTheInitialCapacity() {
    ResponseBuffer b = new ResponseBuffer(4);
    byte[] data = new byte[100_000];
    new Random(1).nextBytes(data);

    b.write(data, 0, 60_000);
    b.write(data, 60_000, 40_000);
    b.write(7);

    byte[] expected = Arrays.copyOf(data, 100_001);
    expected[100_000] = 7;
    assertThat(b.toByteArray()).isEqualTo(expected);
  }

  @Test
  void prepend_putsTheHeadRightBeforeTheBody_withoutMovingIt() {
    ResponseBuffer b = new ResponseBuffer(16);
    b.write(ascii("body"), 0, 4);
    int bodyStart = b.start();

    b.prepend(ascii("head:"), 5);

    assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("head:body");
    assertThat(b.start()).isEqualTo(bodyStart - 5);
  }

  @Test
  void prepend_largerThanTheHeadroom_stillWorks() {
    ResponseBuffer b = new ResponseBuffer(16);
    b.write(ascii("body"), 0, 4);
    byte[] head = new byte[ResponseBuffer.HEADROOM + 10];
    Arrays.fill(head, (byte) 'h');

    b.prepend(head, head.length);

    assertThat(b.length()).isEqualTo(head.length + 4);
    assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).endsWith("hbody");
  }

  @Test
  void gzipBody_roundTrips_andTheBufferIsReusable() throws Exception {
    ResponseBuffer b = new ResponseBuffer(16);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      text.append("metric_").append(i % 97).append("{a=\"b\"} ").append(i).append('\n');
    }
    byte[] big = text.toString().getBytes(StandardCharsets.UTF_8);

    b.write(big, 0, big.length);
    b.gzipBody();
    byte[] first = b.toByteArray();
    b.reset();
    b.write(ascii("small"), 0, 5);
    b.gzipBody();
    byte[] second = b.toByteArray();

    assertThat(first.length).isLessThan(big.length / 5);
    assertThat(Gzip.gunzip(first)).isEqualTo(text.toString());
    assertThat(Gzip.gunzip(second)).isEqualTo("small");
    b.dispose();
  }

  @Test
  void gzipBody_isDeterministic() {
    byte[][] out = new byte[2][];
    for (int i = 0; i < 2; i++) {
      ResponseBuffer b = new ResponseBuffer(16);
      b.write(ascii("same input"), 0, 10);
      b.gzipBody();
      out[i] = b.toByteArray();
    }

    assertThat(out[0]).isEqualTo(out[1]);
  }

  @Test
  void gzipBody_ofAnEmptyBody_isAValidGzipStream() throws Exception {
    ResponseBuffer b = new ResponseBuffer(16);

    b.gzipBody();

    assertThat(Gzip.gunzip(b.toByteArray())).isEmpty();
  }
}
