package io.prom4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.TextFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CeilingServerTest {

  @Test
  void keepAlive_answersEveryRequestWithPrometheusBytesRenderedAtStart() throws IOException {
    Churn.Target updates = new Churn(0.1).target();
    CollectorRegistry registry = Registries.prom4j(1000, false, updates);
    String expected = TextFormat.generateLatest(registry);
    try (CeilingServer ceiling = CeilingServer.start(registry, "Accept-Encoding: gzip");
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), ceiling.port())) {
      updates.counters.get(0).run(); // later changes are not served
      String get = "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n";
      socket.getOutputStream().write((get + get).getBytes(StandardCharsets.US_ASCII));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int i = 0; i < 2; i++) {
        String head = head(in);
        assertThat(head)
            .startsWith("HTTP/1.1 200 OK\r\n")
            .contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n")
            .contains("Content-Encoding: gzip\r\n")
            .contains("Content-Length: " + ceiling.bodyLength() + "\r\n");
        byte[] body = new byte[ceiling.bodyLength()];
        in.readFully(body);
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
          assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8))
              .isEqualTo(expected);
        }
      }
    }
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("byte of the response head").isNotNegative();
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
