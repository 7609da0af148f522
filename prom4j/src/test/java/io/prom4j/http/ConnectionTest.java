package io.prom4j.http;

import static io.prom4j.http.ScrapeRoutingContract.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.Collector;
import io.prom4j.CollectorRegistry;
import io.prom4j.model.MetricFamily;
import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Framing of the engine's connections: keep-alive, HTTP/1.0, pipelining, request bodies. */
class ConnectionTest {

  private final CollectorRegistry registry = TestCollectors.small();
  private final TestCollectors.Controllable collector = new TestCollectors.Controllable();
  private MetricsServer server;
  private int port;

  @BeforeEach
  void start() {
    registry.register(collector);
    server = Scrape.server(registry).start();
    port = server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void http11_keepsOneConnectionAcrossMixedMethods() throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse get = c.send(request("GET", "/metrics")).read();
      RawResponse options = c.send(request("OPTIONS", "/metrics")).read();
      RawResponse head = c.send(request("HEAD", "/metrics")).read(true);
      RawResponse post = c.send(request("POST", "/metrics")).read();
      RawResponse again = c.send(request("GET", "/metrics")).read();

      assertThat(get.version()).isEqualTo("HTTP/1.1");
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.text()).contains("gg 17.0");
      assertThat(get.header("Connection")).isNull();
      assertThat(options.status()).isEqualTo(200);
      assertThat(options.header("Content-Length")).isEqualTo("0");
      assertThat(head.status()).isEqualTo(405);
      assertThat(head.header("Content-Length")).isEqualTo("56");
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.text())
          .isEqualTo("# HTTP 405 Method Not Allowed: POST; use OPTIONS or GET\n");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.text()).isEqualTo(get.text());
      assertThat(server.openConnections()).isEqualTo(1);
    }
  }

  @Test
  void handlerThrowsAnErrorNotAnswered_closesTheConnectionWithoutAnswer_andServesOn()
      throws Exception {
    Collector outOfMemory =
        new Collector() {
          @Override
          public List<MetricFamily> collect() {
            throw new OutOfMemoryError("test: not really"); // not turned into a 500
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of();
          }
        };
    registry.register(outOfMemory);

    try (RawHttp c = RawHttp.connect(port)) {
      c.send(request("GET", "/metrics"));

      assertThat(c.readUntilClosed()).isEmpty();
    }
    registry.unregister(outOfMemory);
    Poll.until(
        "the failed connection is closed",
        Duration.ofSeconds(5),
        () -> server.openConnections() == 0);
    Scrape.completesQuickly(port);
  }

  @Test
  void http11_pipelinedRequests_areAnsweredInOrder() throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      c.send(
          request("GET", "/metrics?name[]=gg")
              + request("OPTIONS", "*")
              + request("HEAD", "/")
              + request("POST", "/")
              + request("GET", "/favicon.ico"));

      assertThat(c.read().text()).contains("gg 17.0").doesNotContain("cc_total");
      assertThat(c.read().header("Allow")).isEqualTo("OPTIONS,GET");
      assertThat(c.read(true).status()).isEqualTo(405);
      assertThat(c.read().text()).startsWith("# HTTP 405 Method Not Allowed: POST");
      RawResponse favicon = c.read();
      assertThat(favicon.status()).isEqualTo(200);
      assertThat(favicon.body()).isEmpty();
    }
  }

  @Test
  void http10_withoutKeepAlive_answersHttp10AndCloses() throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r = c.send("GET /metrics HTTP/1.0\r\n\r\n").read();

      assertThat(r.version()).isEqualTo("HTTP/1.0");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void http10_withKeepAlive_keepsTheConnectionAcrossMixedMethods() throws Exception {
    String keepAlive = "Connection: keep-alive\r\n\r\n";
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse get = c.send("GET / HTTP/1.0\r\n" + keepAlive).read();
      RawResponse options = c.send("OPTIONS / HTTP/1.0\r\n" + keepAlive).read();
      RawResponse head = c.send("HEAD / HTTP/1.0\r\n" + keepAlive).read(true);
      RawResponse post = c.send("POST / HTTP/1.0\r\n" + keepAlive).read();
      RawResponse last = c.send("GET / HTTP/1.0\r\n\r\n").read();

      for (RawResponse r : new RawResponse[] {get, options, head, post}) {
        assertThat(r.version()).isEqualTo("HTTP/1.0");
        assertThat(r.header("Connection")).isEqualTo("keep-alive");
      }
      assertThat(get.status()).isEqualTo(200);
      assertThat(options.status()).isEqualTo(200);
      assertThat(head.status()).isEqualTo(405);
      assertThat(post.status()).isEqualTo(405);
      assertThat(last.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void http11_connectionClose_isHonoured() throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r = c.get("/", "Connection: close").read();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void requestWithBody_onKeepAlive_isAnsweredThenClosed_bodyNeverRunAsARequest() throws Exception {
    String smuggled = request("GET", "/metrics");
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r =
          c.send(
                  "POST /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: "
                      + smuggled.length()
                      + "\r\n\r\n"
                      + smuggled)
              .read();

      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.readUntilClosed()).isEmpty();
    }
    assertThat(collector.calls).hasValue(0);
  }

  @Test
  void getWithBody_isRefusedWith400ThenClosed() throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r = c.send("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read();

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text())
          .isEqualTo("# HTTP 400 Bad Request: GET request with a body; send GET without one\n");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.readUntilClosed()).isEmpty();
    }
    assertThat(collector.calls).hasValue(0);
  }

  @Test
  void chunkedBody_isNeverRead() throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r =
          c.send(
                  "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + "1c\r\n"
                      + request("GET", "/")
                      + "\r\n0\r\n\r\n")
              .read();

      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.readUntilClosed()).isEmpty();
    }
    assertThat(collector.calls).hasValue(0);
  }

  @Test
  void everyResponse_carriesDateAndContentLength() throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse r = c.get("/").read();

      assertThat(r.header("Date"))
          .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} " + "\\d{2}:\\d{2}:\\d{2} GMT");
      assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
      assertThat(r.header("Transfer-Encoding")).isNull();
    }
  }
}
