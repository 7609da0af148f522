package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plain-HTTP clients that send odd but harmless things, and connection ageing. */
class HostileClientsTest {

  private MetricsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void trailingCrlfAfterARequest_earnsNoUnsolicited408() throws Exception {
    server = Scrape.server(TestCollectors.small()).headTimeout(Duration.ofMillis(200)).start();

    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(200);
      c.socket.setSoTimeout(1500); // several head timeouts: the old engine sent its 408 by then

      try {
        int next = c.socket.getInputStream().read();
        throw new AssertionError("the server sent something unasked (first byte " + next + ")");
      } catch (SocketTimeoutException expected) {
        // silence: the connection is idle, as it should be
      }
      c.socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
      assertThat(c.get("/favicon.ico").read().status()).isEqualTo(200);
    }
  }

  @Test
  void maxConnectionAge_lastAnswerSaysClose_afterTheAge() throws Exception {
    server = Scrape.server(TestCollectors.small()).maxConnectionAge(Duration.ofMillis(200)).start();

    try (RawHttp c = RawHttp.connect(server.port())) {
      assertThat(c.get("/favicon.ico").read().header("Connection")).isNull();

      assertThat(c.closedByServer()).isTrue();
    }
  }
}
