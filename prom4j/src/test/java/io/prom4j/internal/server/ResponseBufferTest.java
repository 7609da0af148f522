package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(bytes(b)).isEqualTo(expected);
  }

  @Test
  void prepend_putsTheHeadRightBeforeTheBody_withoutMovingIt() {
    ResponseBuffer b = new ResponseBuffer(16);
    b.write(ascii("body"), 0, 4);
    int bodyStart = b.start();

    b.prepend(ascii("head:"), 5);

    assertThat(new String(bytes(b), StandardCharsets.US_ASCII)).isEqualTo("head:body");
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
    assertThat(new String(bytes(b), StandardCharsets.US_ASCII)).endsWith("hbody");
  }

  private static byte[] bytes(ResponseBuffer b) {
    return java.util.Arrays.copyOfRange(b.array(), b.start(), b.end());
  }
}
