package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accept loop: connection limit, many idle clients. */
class AcceptorTest {

  private MetricsServer server;
  private final List<RawHttp> clients = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (RawHttp c : clients) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void idleConnections_thousand_doNotDelayAScrape() throws Exception {
    server = Scrape.server(TestCollectors.small()).start();
    for (int i = 0; i < 1000; i++) {
      clients.add(RawHttp.connect(server.port()));
    }
    Poll.until(
        "1000 idle connections admitted",
        Duration.ofSeconds(30),
        () -> server.openConnections() == 1000);

    Scrape.completesQuickly(server.port());
  }

  @Test
  void pastMaxConnections_newConnectionGets503AndIsClosed_thenRecovers() throws Exception {
    server = Scrape.server(TestCollectors.small()).maxConnections(2).start();
    RawHttp first = RawHttp.connect(server.port());
    clients.add(first);
    clients.add(RawHttp.connect(server.port()));
    Poll.until(
        "two connections admitted", Duration.ofSeconds(5), () -> server.openConnections() == 2);

    try (RawHttp third = RawHttp.connect(server.port())) {
      RawResponse r = third.read();

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.text())
          .isEqualTo(
              "# HTTP 503 Service Unavailable: too many connections (2);" + " try again later\n");
      assertThat(third.closedByServer()).isTrue();
    }
    assertThat(first.get("/").read().status()).isEqualTo(200);

    first.close();
    Poll.until("a slot is free", Duration.ofSeconds(5), () -> server.openConnections() == 1);
    Scrape.completesQuickly(server.port());
  }
}
