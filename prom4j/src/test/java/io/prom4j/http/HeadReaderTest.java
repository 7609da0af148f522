package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request head limits and the head deadline, against slow and oversized clients. */
class HeadReaderTest {

  private MetricsServer server;
  private final List<RawHttp> clients = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() throws IOException {
    trickle.shutdownNow();
    for (RawHttp c : clients) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private int startDefault() {
    server = Scrape.server(TestCollectors.small()).start();
    return server.port();
  }

  private static String padding(int n) {
    return "a".repeat(n);
  }

  @Test
  void requestLine_atLimit_isServed_pastLimit_gets414() throws Exception {
    int port = startDefault();
    String fixed = "GET / HTTP/1.1";
    String atLimit = "GET /" + padding(8192 - fixed.length()) + " HTTP/1.1";

    try (RawHttp ok = RawHttp.connect(port);
        RawHttp tooLong = RawHttp.connect(port)) {
      RawResponse served = ok.send(atLimit + "\r\nHost: t\r\n\r\n").read();
      RawResponse refused =
          tooLong.send("GET /" + padding(8192) + " HTTP/1.1\r\nHost: t\r\n\r\n").read();

      assertThat(atLimit).hasSize(8192);
      assertThat(served.status()).isEqualTo(200);
      assertThat(refused.status()).isEqualTo(414);
      assertThat(refused.text())
          .isEqualTo(
              "# HTTP 414 URI Too Long: request line longer than 8192 bytes; shorten the URL\n");
      assertThat(tooLong.closedByServer()).isTrue();
    }
  }

  @Test
  void requestLineWithoutEnd_gets414AsSoonAsItPassesTheLimit() throws Exception {
    int port = startDefault();
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r = c.send("GET /" + padding(9000)).read(); // no line end ever sent

      assertThat(r.status()).isEqualTo(414);
    }
  }

  @Test
  void query_pastLimit_gets414() throws Exception {
    int port = startDefault();
    try (RawHttp ok = RawHttp.connect(port);
        RawHttp tooLong = RawHttp.connect(port)) {
      RawResponse served = ok.get("/?x=" + padding(4094)).read();
      RawResponse refused = tooLong.get("/?x=" + padding(4095)).read();

      assertThat(served.status()).isEqualTo(200);
      assertThat(refused.status()).isEqualTo(414);
      assertThat(refused.text())
          .isEqualTo("# HTTP 414 URI Too Long: query longer than 4096 bytes; shorten the query\n");
    }
  }

  @Test
  void head_pastLimit_gets431() throws Exception {
    int port = startDefault();
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
    for (int i = 0; i < 20; i++) {
      head.append("X-Filler-").append(i).append(": ").append(padding(1000)).append("\r\n");
    }
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r = c.send(head.append("\r\n").toString()).read();

      assertThat(r.status()).isEqualTo(431);
      assertThat(r.text())
          .isEqualTo(
              "# HTTP 431 Request Header Fields Too Large: request head"
                  + " longer than 16384 bytes; send fewer or shorter headers\n");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void head_atDefaultLimit_isServed_oneBytePast_gets431_evenInOneWrite() throws Exception {
    int port = startDefault();
    try (RawHttp ok = RawHttp.connect(port);
        RawHttp tooLong = RawHttp.connect(port)) {
      String atLimit = headOfBytes(16384);
      String pastLimit = headOfBytes(16385);

      RawResponse served = ok.send(atLimit).read();
      RawResponse refused = tooLong.send(pastLimit).read();

      assertThat(atLimit).hasSize(16384);
      assertThat(pastLimit).hasSize(16385);
      assertThat(served.status()).isEqualTo(200);
      assertThat(refused.status()).isEqualTo(431);
      assertThat(refused.text())
          .isEqualTo(
              "# HTTP 431 Request Header Fields Too Large: request head"
                  + " longer than 16384 bytes; send fewer or shorter headers\n");
      assertThat(tooLong.closedByServer()).isTrue();
    }
  }

  @Test
  void head_pastSmallCustomLimit_inOneWrite_gets431() throws Exception {
    server =
        Scrape.server(TestCollectors.small()).maxRequestLineBytes(64).maxHeadBytes(256).start();
    try (RawHttp ok = RawHttp.connect(server.port());
        RawHttp tooLong = RawHttp.connect(server.port())) {
      RawResponse served = ok.send(headOfBytes(256)).read();
      RawResponse refused = tooLong.send(headOfBytes(600)).read();

      assertThat(served.status()).isEqualTo(200);
      assertThat(refused.status()).isEqualTo(431);
      assertThat(refused.text())
          .isEqualTo(
              "# HTTP 431 Request Header Fields Too Large: request head"
                  + " longer than 256 bytes; send fewer or shorter headers\n");
    }
  }

  /** A complete GET head of exactly {@code bytes} bytes, blank line included. */
  private static String headOfBytes(int bytes) {
    String start = "GET / HTTP/1.1\r\nHost: t\r\nX-Pad: ";
    return start + padding(bytes - start.length() - 4) + "\r\n\r\n";
  }

  @Test
  void headerCount_atLimit_isServed_pastLimit_gets431() throws Exception {
    int port = startDefault();
    try (RawHttp ok = RawHttp.connect(port);
        RawHttp tooMany = RawHttp.connect(port)) {
      RawResponse served = ok.send(headWithHeaders(100)).read();
      RawResponse refused = tooMany.send(headWithHeaders(101)).read();

      assertThat(served.status()).isEqualTo(200);
      assertThat(refused.status()).isEqualTo(431);
      assertThat(refused.text())
          .isEqualTo(
              "# HTTP 431 Request Header Fields Too Large: more than 100 header lines;"
                  + " send fewer headers\n");
    }
  }

  private static String headWithHeaders(int count) {
    StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
    for (int i = 1; i < count; i++) {
      sb.append("X-").append(i).append(": v\r\n");
    }
    return sb.append("\r\n").toString();
  }

  @Test
  void customLimits_areEnforced() throws Exception {
    server =
        Scrape.server(TestCollectors.small())
            .maxRequestLineBytes(64)
            .maxHeadBytes(256)
            .maxHeaders(3)
            .maxQueryBytes(9)
            .start();
    try (RawHttp line = RawHttp.connect(server.port());
        RawHttp query = RawHttp.connect(server.port());
        RawHttp headers = RawHttp.connect(server.port());
        RawHttp ok = RawHttp.connect(server.port())) {
      assertThat(line.get("/" + padding(64)).read().status()).isEqualTo(414);
      assertThat(query.get("/?x=" + padding(8)).read().status()).isEqualTo(414);
      assertThat(headers.get("/", "A: 1", "B: 2", "C: 3").read().status()).isEqualTo(431);
      assertThat(ok.get("/?name[]=gg", "A: 1").read().status()).isEqualTo(200);
    }
  }

  @Test
  void halfSentHeads_fifty_doNotDelayAScrape() throws Exception {
    int port = startDefault();
    for (int i = 0; i < 50; i++) {
      clients.add(RawHttp.connect(port).send("GET /metrics HTTP/1.1\r\nHost: x\r\n"));
    }
    Poll.until(
        "50 half-sent heads admitted", Duration.ofSeconds(5), () -> server.openConnections() == 50);

    Scrape.completesQuickly(port);

    // The scrape's own connection closes asynchronously on the server; the 50 held ones stay.
    Poll.until(
        "the 50 half-sent heads still held after the scrape",
        Duration.ofSeconds(5),
        () -> server.openConnections() == 50);
  }

  @Test
  void trickler_atDefaults_doesNotDelayAScrape() throws Exception {
    int port = startDefault();
    RawHttp trickler = RawHttp.connect(port);
    clients.add(trickler);
    startTrickling(trickler, 100);

    Scrape.completesQuickly(port);
  }

  @Test
  void trickler_isCutAtTheHeadDeadline() throws Exception {
    server = Scrape.server(TestCollectors.small()).headTimeout(Duration.ofMillis(300)).start();
    RawHttp trickler = RawHttp.connect(server.port());
    clients.add(trickler);
    startTrickling(trickler, 20);
    long t0 = System.nanoTime();

    byte[] answer = trickler.readUntilClosed();

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(new String(answer, java.nio.charset.StandardCharsets.UTF_8))
        .satisfiesAnyOf(
            s -> assertThat(s).isEmpty(), // the reset beat the answer
            s ->
                assertThat(s)
                    .startsWith("HTTP/1.1 408 Request Timeout\r\n")
                    .endsWith(
                        "# HTTP 408 Request Timeout: request head not complete within 300 ms;"
                            + " send the whole request head at once\n"));
    Poll.until(
        "the trickler's worker is freed",
        Duration.ofSeconds(5),
        () -> server.openConnections() == 0);
    Scrape.completesQuickly(server.port());
  }

  @Test
  void silentConnection_isClosedAtTheHeadDeadline() throws Exception {
    server = Scrape.server(TestCollectors.small()).headTimeout(Duration.ofMillis(200)).start();
    try (RawHttp silent = RawHttp.connect(server.port())) {
      assertThat(silent.readUntilClosed()).isEmpty();
    }
    Poll.until("worker freed", Duration.ofSeconds(5), () -> server.openConnections() == 0);
  }

  @Test
  void idleKeepAlive_isClosedAtTheIdleTimeout() throws Exception {
    server = Scrape.server(TestCollectors.small()).idleTimeout(Duration.ofMillis(200)).start();
    try (RawHttp c = RawHttp.connect(server.port())) {
      assertThat(c.get("/").read().status()).isEqualTo(200);

      assertThat(c.readUntilClosed()).isEmpty();
    }
  }

  /** Sends a never-ending request head, one byte every {@code periodMillis}. */
  private void startTrickling(RawHttp client, long periodMillis) {
    byte[] head =
        "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: "
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int[] next = {0};
    trickle.scheduleAtFixedRate(
        () -> {
          try {
            int i = next[0]++;
            client.send(new byte[] {i < head.length ? head[i] : (byte) 'a'});
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // stops the schedule
          }
        },
        0,
        periodMillis,
        TimeUnit.MILLISECONDS);
  }
}
