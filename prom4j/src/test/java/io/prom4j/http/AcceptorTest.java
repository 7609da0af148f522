package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accept loop: connection limit and eviction, many idle clients. */
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
    server = Scrape.server(TestCollectors.small()).maxConnections(2000).start();
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
  void silentConnections_farPastTheLimit_areEvicted_andScrapesComplete() throws Exception {
    server = Scrape.server(TestCollectors.small()).maxConnections(50).start();
    for (int i = 0; i < 500; i++) {
      clients.add(RawHttp.connect(server.port()));
    }

    for (int i = 0; i < 20; i++) {
      Scrape.completesQuickly(server.port());
    }
    assertThat(server.openConnections()).isLessThanOrEqualTo(50);
    assertThat(server.engine().evictions()).isGreaterThanOrEqualTo(450);
  }

  @Test
  void atTheLimit_idleKeptAliveConnectionIsEvictedBeforeAnUnfinishedHead() throws Exception {
    server = Scrape.server(TestCollectors.small()).maxConnections(2).start();
    RawHttp keptAlive = RawHttp.connect(server.port());
    clients.add(keptAlive);
    assertThat(keptAlive.get("/favicon.ico").read().status()).isEqualTo(200);
    // its wait counts from the end of its answer, which the server marks after the client may
    // already have read it: the half-sent head must start later
    Poll.until(
        "kept-alive connection idle",
        Duration.ofSeconds(5),
        () -> server.engine().idleConnections() == 1);
    RawHttp halfSent = RawHttp.connect(server.port()); // newer, but mid-head: evicted second
    clients.add(halfSent);
    halfSent.send("GET /metrics HTTP/1.1\r\nHo");
    Poll.until(
        "two connections admitted", Duration.ofSeconds(5), () -> server.openConnections() == 2);

    Scrape.completesQuickly(server.port());

    assertThat(keptAlive.closedByServer()).isTrue();
    RawResponse rest = halfSent.send("st: t\r\n\r\n").read();
    assertThat(rest.status()).isEqualTo(200);
  }

  @Test
  void atTheLimit_aKeptAliveConnectionThatJustAnswered_outlivesAnOlderSilentConnection()
      throws Exception {
    server = Scrape.server(TestCollectors.small()).maxConnections(2).start();
    RawHttp silent = RawHttp.connect(server.port()); // connected first, never sends a byte
    clients.add(silent);
    Poll.until("silent admitted", Duration.ofSeconds(5), () -> server.openConnections() == 1);
    RawHttp busy = RawHttp.connect(server.port()); // a scraper reusing its connection
    clients.add(busy);
    assertThat(busy.get("/favicon.ico").read().status()).isEqualTo(200);

    Scrape.completesQuickly(server.port());

    assertThat(silent.closedByServer()).isTrue();
    assertThat(busy.get("/favicon.ico").read().status()).isEqualTo(200);
  }

  @Test
  void atTheLimit_oldestUnfinishedHeadIsEvictedFirst() throws Exception {
    server = Scrape.server(TestCollectors.small()).maxConnections(2).start();
    RawHttp older = RawHttp.connect(server.port());
    clients.add(older);
    Poll.until("first admitted", Duration.ofSeconds(5), () -> server.openConnections() == 1);
    RawHttp newer = RawHttp.connect(server.port());
    clients.add(newer);
    Poll.until("both admitted", Duration.ofSeconds(5), () -> server.openConnections() == 2);

    Scrape.completesQuickly(server.port());

    assertThat(older.closedByServer()).isTrue();
    assertThat(newer.get("/favicon.ico").read().status()).isEqualTo(200);
  }

  @Test
  void everySlotAnswering_newConnectionGets503WithRetryAfter_thenRecovers() throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    TestCollectors.Controllable collector = new TestCollectors.Controllable();
    registry.register(collector);
    server = Scrape.server(registry).maxConnections(1).start();
    collector.block();
    RawHttp busy = RawHttp.connect(server.port());
    clients.add(busy);
    busy.get("/metrics");
    assertThat(collector.awaitEntered()).isTrue();

    try (RawHttp refused = RawHttp.connect(server.port())) {
      refused.get("/metrics"); // sent at once: the server must not reset it away
      RawResponse r = refused.read();

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("1");
      assertThat(r.text())
          .isEqualTo(
              "# HTTP 503 Service Unavailable: all 1 connections are answering requests;"
                  + " try again later\n");
      assertThat(refused.closedByServer()).isTrue();
    }
    collector.unblock();
    assertThat(busy.read().status()).isEqualTo(200);
    Scrape.completesQuickly(server.port());
  }
}
