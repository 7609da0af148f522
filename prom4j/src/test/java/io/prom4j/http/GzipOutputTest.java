package io.prom4j.http;

import static io.prom4j.testing.Gzip.gunzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GzipOutputTest {

  private static byte[] gzip(GzipOutput g, String text) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    g.start(sink).write(text.getBytes(StandardCharsets.UTF_8));
    g.finish();
    return sink.toByteArray();
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
