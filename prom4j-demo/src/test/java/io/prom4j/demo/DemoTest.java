package io.prom4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void start_servesTheSimulatedWorkload() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    try (Demo.Running demo = Demo.start(new DemoOptions("127.0.0.1", 0, false), registry)) {
      demo.workload().tick();

      String page = scrape(demo.server().port());

      assertThat(demo.url()).isEqualTo(
          "http://127.0.0.1:" + demo.server().port() + "/metrics");
      assertThat(page).startsWith("HTTP/1.1 200 OK")
          .contains("# TYPE demo_requests_total counter")
          .contains("demo_requests_total{code=\"")
          .contains("# TYPE demo_request_duration_seconds histogram")
          .contains("demo_request_duration_seconds_bucket{le=\"+Inf\"}")
          .contains("# TYPE demo_queue_size gauge")
          .contains("demo_build_info{java_version=\"");
    }
  }

  /** One GET over a raw socket; returns the whole response. */
  private static String scrape(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
