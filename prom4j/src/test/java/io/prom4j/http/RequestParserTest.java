package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.RawHttp;
import io.prom4j.testing.RawResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict request parsing, over real connections: malformed heads get an error and a close. */
class RequestParserTest {

  private MetricsServer server;

  @BeforeEach
  void start() {
    server = Scrape.server(TestCollectors.small()).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<Arguments> malformed() {
    String host = "Host: t\r\n";
    return Stream.of(
        Arguments.of("no version", "GET /\r\n\r\n", 400),
        Arguments.of("two spaces", "GET  / HTTP/1.1\r\n" + host + "\r\n", 400),
        Arguments.of("extra token", "GET / HTTP/1.1 x\r\n" + host + "\r\n", 400),
        Arguments.of("method not a token", "G(T / HTTP/1.1\r\n" + host + "\r\n", 400),
        Arguments.of("lower-case version", "GET / http/1.1\r\n" + host + "\r\n", 400),
        Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\n" + host + "\r\n", 505),
        Arguments.of("HTTP/1.2", "GET / HTTP/1.2\r\n" + host + "\r\n", 505),
        Arguments.of("relative target", "GET metrics HTTP/1.1\r\n" + host + "\r\n", 400),
        Arguments.of("asterisk with GET", "GET * HTTP/1.1\r\n" + host + "\r\n", 400),
        Arguments.of("fragment", "GET /a#b HTTP/1.1\r\n" + host + "\r\n", 400),
        Arguments.of("non-ASCII target", "GET /\u00e9 HTTP/1.1\r\n" + host + "\r\n", 400),
        Arguments.of("header without colon", "GET / HTTP/1.1\r\nHost t\r\n\r\n", 400),
        Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
        Arguments.of("empty header name", "GET / HTTP/1.1\r\n" + host + ": x\r\n\r\n", 400),
        Arguments.of("folded header", "GET / HTTP/1.1\r\n" + host + "X-A: 1\r\n 2\r\n\r\n", 400),
        Arguments.of("NUL in value", "GET / HTTP/1.1\r\n" + host + "X-A: a\u0000b\r\n\r\n", 400),
        Arguments.of(
            "both lengths",
            "POST / HTTP/1.1\r\n"
                + host
                + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            400),
        Arguments.of("bad length", "GET / HTTP/1.1\r\n" + host + "Content-Length: 1x\r\n\r\n", 400),
        Arguments.of(
            "conflicting lengths",
            "GET / HTTP/1.1\r\n" + host + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n",
            400),
        Arguments.of("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        Arguments.of("two Hosts", "GET / HTTP/1.1\r\n" + host + host + "\r\n", 400),
        Arguments.of(
            "Transfer-Encoding in HTTP/1.0",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedRequest_isRefusedThenClosed(String name, String request, int status)
      throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.send(request.getBytes(StandardCharsets.UTF_8)).read();

      assertThat(r.status()).isEqualTo(status);
      assertThat(r.text()).startsWith("# HTTP " + status + " ").endsWith("\n");
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
    Scrape.completesQuickly(server.port());
  }

  @Test
  void tlsClientHelloOnPlainPort_isRefusedAtOnce() throws Exception {
    byte[] clientHello = {
      0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0x11, 0x22
    };
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.send(clientHello).read();

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.text()).contains("is this an HTTPS client on a plain HTTP port?");
    }
  }

  @Test
  void version505_answersWithHintAndVersion() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.send("GET / HTTP/2.0\r\nHost: t\r\n\r\n").read();

      assertThat(r.text())
          .isEqualTo("# HTTP 505 HTTP Version Not Supported: HTTP/2.0; use HTTP/1.1 or HTTP/1.0\n");
    }
  }

  @Test
  void absoluteFormTarget_isServedByPathAndQuery() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r =
          c.send("GET http://127.0.0.1/metrics?name[]=gg HTTP/1.1\r\nHost: t\r\n\r\n").read();
      RawResponse favicon =
          c.send("GET HTTP://example.com/favicon.ico HTTP/1.1\r\nHost: t\r\n\r\n").read();

      assertThat(r.text()).contains("gg 17.0").doesNotContain("cc_total");
      assertThat(favicon.body()).isEmpty();
    }
  }

  @Test
  void optionsAsterisk_isAnswered() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n").read();

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET");
    }
  }

  @Test
  void connect_getsMethodNotAllowed() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse r = c.send("CONNECT example.com:443 HTTP/1.1\r\nHost: t\r\n\r\n").read();

      assertThat(r.status()).isEqualTo(405);
      assertThat(r.text())
          .isEqualTo("# HTTP 405 Method Not Allowed: CONNECT; use OPTIONS or GET\n");
    }
  }

  @Test
  void tolerated_leadingEmptyLinesBareLineFeedsAndLatin1Values() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      RawResponse leading = c.send("\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n").read();
      RawResponse bareLf = c.send("GET / HTTP/1.1\nHost: t\n\n").read();
      RawResponse latin1 =
          c.send(
                  "GET / HTTP/1.1\r\nHost: t\r\nX-Name: caf\u00e9\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1))
              .read();
      RawResponse lowerCase =
          c.send("GET / HTTP/1.1\r\nhost: t\r\naccept-encoding: gzip\r\n\r\n").read();

      assertThat(leading.status()).isEqualTo(200);
      assertThat(bareLf.status()).isEqualTo(200);
      assertThat(latin1.status()).isEqualTo(200);
      assertThat(lowerCase.header("Content-Encoding")).isEqualTo("gzip");
    }
  }

  @Test
  void http10_withoutHost_isAccepted() throws Exception {
    try (RawHttp c = RawHttp.connect(server.port())) {
      assertThat(c.send("GET / HTTP/1.0\r\n\r\n").read().status()).isEqualTo(200);
    }
  }
}
