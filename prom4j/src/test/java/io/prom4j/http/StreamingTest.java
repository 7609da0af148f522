package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.internal.server.StreamingResponse;
import io.prom4j.testing.Gzip;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large bodies stream in chunks from a bounded buffer; small ones keep one Content-Length write.
 */
class StreamingTest {

  private static final int SERIES = 50_000; // about 2 MB of text: well past the threshold
  private static MetricsServer server;

  @BeforeAll
  static void start() {
    CollectorRegistry large = TestCollectors.large(SERIES);
    server = Scrape.server(large).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void smallBody_hasContentLength_notChunked() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.get("/metrics?name[]=gg").read();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
      assertThat(r.header("Transfer-Encoding")).isNull();
    }
  }

  @Test
  void largeBody_streamsChunked_complete_andKeepsTheConnection() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.get("/metrics").read();
      RawResponse again = c.get("/metrics?name[]=gg").read();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(r.header("Content-Length")).isNull();
      assertThat(r.body().length).isGreaterThan(StreamingResponse.STREAM_THRESHOLD);
      assertThat(r.text()).contains("big{series=\"" + (SERIES - 1) + "\"}").endsWith("\n");
      assertThat(again.status()).isEqualTo(200);
    }
  }

  @Test
  void largeBody_gzip_streamsChunked_andDecompressesToTheFullText() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse plain = c.get("/metrics").read();
      RawResponse gz = c.get("/metrics", "Accept-Encoding: gzip").read();

      assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
      String text = Gzip.gunzip(gz.body());
      assertThat(text).isEqualTo(plain.text());
    }
  }

  @Test
  void largeBody_openMetrics_streamsAndEndsWithEof() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r =
          c.get("/metrics", "Accept: application/openmetrics-text; version=1.0.0").read();

      assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(r.text()).endsWith("# EOF\n");
    }
  }

  @Test
  void largeBody_http10_isCloseDelimited() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      c.send("GET /metrics HTTP/1.0\r\n\r\n");
      String all = new String(c.readUntilClosed(), StandardCharsets.UTF_8);

      assertThat(all).startsWith("HTTP/1.0 200 OK\r\n").contains("\r\nConnection: close\r\n");
      assertThat(all).doesNotContain("Transfer-Encoding").doesNotContain("Content-Length");
      assertThat(all).endsWith("big{series=\"" + (SERIES - 1) + "\"} " + (SERIES - 1) + ".0\n");
    }
  }
}
