package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UTF-8 buffer every writer uses. */
class ByteWriterTest {

  /** Records the size of every write call. */
  private static final class RecordingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> writes = new ArrayList<>();

    @Override
    public void write(int b) {
      writes.add(1);
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.add(len);
      bytes.write(b, off, len);
    }
  }

  private static String encode(String s, int mode) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteWriter w = new ByteWriter(out);
    w.string(s, mode);
    w.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void finish_pooled_recyclesTheBuffer_unpooledDoesNot() throws IOException {
    ByteWriter first = new ByteWriter(OutputStream.nullOutputStream());
    byte[] pooled = first.buf;
    first.finish();
    ByteWriter second = new ByteWriter(OutputStream.nullOutputStream());
    assertThat(second.buf).isSameAs(pooled); // a steady scraper allocates no buffer
    second.finish();

    ByteWriter unpooled = new ByteWriter(OutputStream.nullOutputStream(), false);
    assertThat(unpooled.buf).isNotSameAs(pooled).hasSize(ByteWriter.CHUNK);
    unpooled.finish();
    ByteWriter third = new ByteWriter(OutputStream.nullOutputStream());
    assertThat(third.buf).isSameAs(pooled); // the unpooled writer neither took nor returned one
    third.finish();
  }

  @Test
  void largeOutput_reachesTheStreamInFewLargeChunks() throws IOException {
    RecordingStream out = new RecordingStream();
    ByteWriter w = new ByteWriter(out);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      String line = "series_" + i + " ";
      w.string(line, ByteWriter.QUOTED);
      w.decimal(i);
      w.write((byte) '\n');
      expected.append(line).append(i).append('\n');
    }
    w.finish();
    assertThat(out.bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    List<Integer> writes = out.writes;
    assertThat(writes.size()).isLessThanOrEqualTo(expected.length() / (ByteWriter.CHUNK - 64) + 1);
    for (int i = 0; i < writes.size() - 1; i++) {
      assertThat(writes.get(i)).isGreaterThan(ByteWriter.CHUNK - 64);
    }
  }

  @Test
  void stringLargerThanTheBuffer_isWrittenWhole() throws IOException {
    String big = "\u00e9x".repeat(ByteWriter.CHUNK);
    assertThat(encode(big, ByteWriter.RAW)).isEqualTo(big);
  }

  @Test
  void utf8_matchesTheJdkEncoder_includingSurrogatePairsAndLoneSurrogates() throws IOException {
    String s = "a\u00e9\u4500\uD83D\uDE31z\uD800-\uDC00";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteWriter w = new ByteWriter(out);
    w.string(s, ByteWriter.RAW);
    w.finish();
    assertThat(out.toByteArray()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void escapingModes_escapeWhatTheirFormatRequires() throws IOException {
    String s = "a\\b\nc\"d\u00e9";
    assertThat(encode(s, ByteWriter.RAW)).isEqualTo(s);
    assertThat(encode(s, ByteWriter.HELP)).isEqualTo("a\\\\b\\nc\"d\u00e9");
    assertThat(encode(s, ByteWriter.QUOTED)).isEqualTo("a\\\\b\\nc\\\"d\u00e9");
  }

  @Test
  void numbers_areWrittenInCanonicalAndIntegerForms() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteWriter w = new ByteWriter(out);
    w.canonical(17);
    w.write((byte) ' ');
    w.canonical(Double.POSITIVE_INFINITY);
    w.write((byte) ' ');
    w.decimal(Long.MIN_VALUE);
    w.finish();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("17.0 +Inf -9223372036854775808");
  }

  @Test
  void capture_keepsExactlyWhatWasWritten_acrossFlushes() throws IOException {
    RecordingStream out = new RecordingStream();
    ByteWriter w = new ByteWriter(out);
    w.ascii("before ");
    w.startCapture(16, Long.MAX_VALUE); // smaller than what follows: it grows
    String line = "x".repeat(999) + "\n";
    for (int i = 0; i < 100; i++) { // 100,000 bytes: three flushes of the 32 KiB buffer
      w.ascii(line);
    }
    int length = w.capturedLength();
    byte[] captured = w.endCapture();
    w.ascii("after");
    w.finish();

    assertThat(length).isEqualTo(100_000);
    assertThat(new String(captured, StandardCharsets.US_ASCII)).isEqualTo(line.repeat(100));
    assertThat(out.bytes.toString(StandardCharsets.US_ASCII))
        .isEqualTo("before " + line.repeat(100) + "after");
  }

  @Test
  void writeLargerThanTheBuffer_goesToTheStreamUncopied_afterWhatIsBuffered() throws IOException {
    RecordingStream out = new RecordingStream();
    ByteWriter w = new ByteWriter(out);
    byte[] kept = "k".repeat(3 * ByteWriter.CHUNK).getBytes(StandardCharsets.US_ASCII);
    w.ascii("head ");
    w.startCapture(kept.length, Long.MAX_VALUE);
    w.write(kept, 0, kept.length);
    byte[] captured = w.endCapture();
    w.finish();

    assertThat(out.writes).containsExactly(5, kept.length);
    assertThat(captured).isEqualTo(kept);
  }

  @Test
  void captureOverItsLimit_givesNull_andTheStreamStillGetsEverything() throws IOException {
    RecordingStream out = new RecordingStream();
    ByteWriter w = new ByteWriter(out);
    String line = "y".repeat(99) + "\n";
    w.startCapture(64, 10_000);
    for (int i = 0; i < 1_000; i++) { // 100,000 bytes
      w.ascii(line);
    }
    int length = w.capturedLength();
    byte[] captured = w.endCapture();
    w.finish();

    assertThat(captured).isNull();
    assertThat(length).isEqualTo(100_000);
    assertThat(out.bytes.toString(StandardCharsets.US_ASCII)).isEqualTo(line.repeat(1_000));
  }
}
