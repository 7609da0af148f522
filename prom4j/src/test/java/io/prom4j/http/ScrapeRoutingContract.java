package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.testing.Gzip;
import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's routing table and the HTTP-level scrape behaviour, which every front end must show
 * identically; each front end's test class extends this one and starts its server.
 */
abstract class ScrapeRoutingContract {

  /** Prometheus 3.4+'s default Accept header. */
  static final String PROMETHEUS_3_ACCEPT =
      "application/openmetrics-text;version=1.0.0;"
          + "escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
          + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,"
          + "*/*;q=0.2";

  private int port;

  /** Starts the front end on 127.0.0.1, port 0, serving from {@code /}; returns the port. */
  abstract int start(CollectorRegistry registry, boolean compression) throws IOException;

  abstract void stop();

  @AfterEach
  void stopFrontEnd() {
    stop();
  }

  private int serve(CollectorRegistry registry) throws IOException {
    port = start(registry, true);
    return port;
  }

  /** One request on a new connection: {@code method target HTTP/1.1}, Host, the lines given. */
  static RawResponse send(int port, String method, String target, String... headerLines)
      throws IOException {
    try (RawHttp c = RawHttp.connect(port)) {
      c.send(request(method, target, headerLines));
      return c.read(method.equals("HEAD"));
    }
  }

  static String request(String method, String target, String... headerLines) {
    StringBuilder sb =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/metrics", "/any/path?x=1"})
  void options_anyPath_returnsAllowHeaderAndEmptyBody(String path) throws Exception {
    int port = serve(TestCollectors.small());

    RawResponse r = send(port, "OPTIONS", path);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET");
    assertThat(r.header("Content-Type")).isNull();
    assertThat(r.body()).isEmpty();
  }

  @Test
  void get_anyPath_servesTheSameMetrics() throws Exception {
    int port = serve(TestCollectors.small());

    List<String> bodies = new ArrayList<>();
    for (String path : List.of("/", "/metrics", "/anything/else?debug=1")) {
      RawResponse r = send(port, "GET", path);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      bodies.add(r.text());
    }

    assertThat(bodies.get(0))
        .contains("# HELP gg A gauge\n# TYPE gg gauge\ngg 17.0\n")
        .contains("# TYPE cc_total counter\n")
        .contains("cc_total 2.0\n");
    assertThat(bodies).containsOnly(bodies.get(0));
  }

  @Test
  void get_favicon_returnsEmptyBodyWithoutCollecting() throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);
    int port = serve(registry);

    RawResponse r = send(port, "GET", "/favicon.ico");
    RawResponse withQuery = send(port, "GET", "/favicon.ico?x=1");

    for (RawResponse x : List.of(r, withQuery)) {
      assertThat(x.status()).isEqualTo(200);
      assertThat(x.body()).isEmpty();
      assertThat(x.header("Content-Type")).isNull();
    }
    assertThat(c.calls).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO", "get"})
  void otherMethods_return405WithAllowAndHint(String method) throws Exception {
    int port = serve(TestCollectors.small());

    RawResponse r = send(port, method, "/metrics");

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET");
    assertThat(r.text())
        .isEqualTo("# HTTP 405 Method Not Allowed: " + method + "; use OPTIONS or GET\n");
  }

  @Test
  void post_favicon_returns405() throws Exception {
    int port = serve(TestCollectors.small());

    assertThat(send(port, "POST", "/favicon.ico").status()).isEqualTo(405);
  }

  @Test
  void head_returns405HeadWithLengthButNoBody() throws Exception {
    int port = serve(TestCollectors.small());

    try (RawHttp c = RawHttp.connect(port)) {
      RawResponse head = c.send(request("HEAD", "/metrics")).read(true);
      // The next response on the same connection starts right after the head: no body bytes.
      RawResponse next = c.send(request("GET", "/metrics")).read();

      assertThat(head.status()).isEqualTo(405);
      assertThat(head.header("Allow")).isEqualTo("OPTIONS,GET");
      assertThat(head.header("Content-Length")).isEqualTo("56");
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.text()).contains("gg 17.0");
    }
  }

  @Test
  void get_openMetricsAccept_servesOpenMetrics() throws Exception {
    int port = serve(TestCollectors.small());

    RawResponse r =
        send(
            port,
            "GET",
            "/metrics",
            "Accept: application/openmetrics-text; version=1.0.0; charset=utf-8");

    assertThat(r.header("Content-Type"))
        .isEqualTo(
            "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=underscores");
    assertThat(r.text()).endsWith("# EOF\n");
  }

  @Test
  void get_prometheus3DefaultAccept_servesOpenMetricsWithUtf8Names() throws Exception {
    int port = serve(TestCollectors.small());

    RawResponse r = send(port, "GET", "/metrics", "Accept: " + PROMETHEUS_3_ACCEPT);

    assertThat(r.header("Content-Type"))
        .isEqualTo(
            "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=allow-utf-8");
    assertThat(r.text()).contains("gg 17.0\n").endsWith("# EOF\n");
  }

  @Test
  void get_browserAccept_servesText004() throws Exception {
    int port = serve(TestCollectors.small());

    RawResponse r =
        send(port, "GET", "/metrics", "Accept: text/html,application/xhtml+xml,*/*;q=0.8");

    assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
  }

  @Test
  void get_gzipAccepted_sendsGzipWithVary() throws Exception {
    int port = serve(TestCollectors.small());

    RawResponse r = send(port, "GET", "/metrics", "Accept-Encoding: gzip");

    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.header("Vary")).isEqualTo("Accept, Accept-Encoding");
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    assertThat(Gzip.gunzip(r.body())).contains("gg 17.0\n");
  }

  @Test
  void get_gzipNotAccepted_sendsIdentity() throws Exception {
    int port = serve(TestCollectors.small());

    RawResponse r = send(port, "GET", "/metrics", "Accept-Encoding: deflate, br");

    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.text()).contains("gg 17.0\n");
  }

  @Test
  void get_compressionDisabled_sendsIdentityDespiteGzipAccepted() throws Exception {
    int port = start(TestCollectors.small(), false);

    RawResponse r = send(port, "GET", "/metrics", "Accept-Encoding: gzip");

    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.text()).contains("gg 17.0\n");
  }

  @Test
  void get_nameFilter_servesOnlyNamedFamilies() throws Exception {
    int port = serve(TestCollectors.small());

    String gauge = send(port, "GET", "/metrics?name[]=gg").text();
    String both = send(port, "GET", "/metrics?name%5B%5D=gg&name%5B%5D=cc_total").text();

    assertThat(gauge).contains("gg 17.0").doesNotContain("cc_total");
    assertThat(both).contains("gg 17.0").contains("cc_total 2.0");
  }

  @Test
  void get_malformedQuery_returns400() throws Exception {
    int port = serve(TestCollectors.small());

    // valid URI syntax (the JDK server checks that itself), but not UTF-8
    RawResponse r = send(port, "GET", "/metrics?name%5B%5D=%C3%28");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).startsWith("# HTTP 400 Bad Request: malformed query");
  }

  @Test
  void get_collectorThrows_returns500WithoutInternals_thenNextScrapeWorks() throws Exception {
    CollectorRegistry registry = TestCollectors.small();
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);
    int port = serve(registry);
    c.fail.set(true);

    RawResponse failed = send(port, "GET", "/metrics");
    c.fail.set(false);
    RawResponse next = send(port, "GET", "/metrics");

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.text())
        .isEqualTo(
            "# HTTP 500 Internal Server Error: collecting metrics failed; see the server log\n")
        .doesNotContain("hunter2")
        .doesNotContain("Exception");
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.text()).contains("gg 17.0");
  }
}
