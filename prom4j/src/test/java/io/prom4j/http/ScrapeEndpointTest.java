package io.prom4j.http;

import static io.prom4j.testing.Gzip.gunzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.internal.server.Request;
import io.prom4j.internal.server.RequestHeaders;
import io.prom4j.internal.server.Response;
import io.prom4j.internal.server.ResponseBuffer;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrapeEndpointTest {

  private final CollectorRegistry registry = TestCollectors.small();
  private final ScrapeEndpoint endpoint = new ScrapeEndpoint(registry, true);

  private static Request request(String method, String path, String query, String... headers) {
    return new Request(method, path, query, RequestHeaders.of(headers));
  }

  private Response handle(Request r) {
    return endpoint.handle(r, new ResponseBuffer(64));
  }

  private static String body(Response r) {
    return new String(r.body().toByteArray(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/metrics", "/any/path", "*", "/favicon.ico"})
  void options_anyPath_returnsAllowHeaderAndEmptyBody(String path) {
    Response r = handle(request("OPTIONS", path, null));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET");
    assertThat(r.header("Content-Type")).isNull();
    assertThat(r.body().length()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE", "HEAD", "FOO", "get"})
  void otherMethods_return405WithAllowAndMethodVerbatim(String method) {
    Response r = handle(request(method, "/metrics", null));

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET");
    assertThat(body(r))
        .isEqualTo("# HTTP 405 Method Not Allowed: " + method + "; use OPTIONS or GET\n");
  }

  @Test
  void post_bodyLength_matchesPythonClient() {
    // Python: POST 56, PUT 55, DELETE 58, PATCH 57 bytes.
    assertThat(handle(request("POST", "/", null)).body().length()).isEqualTo(56);
    assertThat(handle(request("PUT", "/", null)).body().length()).isEqualTo(55);
    assertThat(handle(request("DELETE", "/", null)).body().length()).isEqualTo(58);
    assertThat(handle(request("PATCH", "/", null)).body().length()).isEqualTo(57);
  }

  @Test
  void post_favicon_returns405() {
    assertThat(handle(request("POST", "/favicon.ico", null)).status()).isEqualTo(405);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/metrics", "/anything/else"})
  void get_anyPath_returnsMetrics(String path) {
    Response r = handle(request("GET", path, "debug=1"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(body(r))
        .contains("# HELP gg A gauge\n# TYPE gg gauge\ngg 17.0\n")
        .contains("cc_total 2.0\n");
  }

  @Test
  void get_favicon_returnsEmptyBodyWithoutCollecting() {
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);

    Response plain = handle(request("GET", "/favicon.ico", null));
    Response withQuery = handle(request("GET", "/favicon.ico", "x=1"));
    Response encoded = handle(request("GET", "/favicon%2Eico", null));

    for (Response r : List.of(plain, withQuery, encoded)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers()).isEmpty();
      assertThat(r.body().length()).isZero();
    }
    assertThat(c.calls).hasValue(0);
  }

  @Test
  void get_withBody_returns400AndDoesNotCollect() {
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);

    Response length = handle(request("GET", "/", null, "Content-Length", "5"));
    Response chunked = handle(request("GET", "/", null, "Transfer-Encoding", "chunked"));
    Response options = handle(request("OPTIONS", "/", null, "Content-Length", "1"));

    assertThat(length.status()).isEqualTo(400);
    assertThat(body(length))
        .isEqualTo("# HTTP 400 Bad Request: GET request with a body; send GET without one\n");
    assertThat(chunked.status()).isEqualTo(400);
    assertThat(options.status()).isEqualTo(400);
    assertThat(c.calls).hasValue(0);
  }

  @Test
  void post_withEmptyBody_isStill405() {
    Response r = handle(request("POST", "/", null, "Content-Length", "0"));

    assertThat(r.status()).isEqualTo(405);
  }

  @Test
  void get_nameFilter_returnsOnlyNamedFamilies() {
    Response one = handle(request("GET", "/", "name[]=gg"));
    Response encodedKey = handle(request("GET", "/", "name%5B%5D=cc_total"));
    Response both = handle(request("GET", "/", "name[]=gg&name[]=cc_total"));
    Response blank = handle(request("GET", "/", "name[]="));
    Response plainName = handle(request("GET", "/", "name=gg"));

    assertThat(body(one)).contains("gg 17.0").doesNotContain("cc_total");
    assertThat(body(encodedKey)).contains("cc_total 2.0").doesNotContain("gg 17.0");
    assertThat(body(both)).contains("gg 17.0").contains("cc_total 2.0");
    assertThat(body(blank)).contains("gg 17.0").contains("cc_total 2.0");
    assertThat(body(plainName)).contains("gg 17.0").contains("cc_total 2.0");
  }

  @Test
  void get_nameFilterMatchingNothing_returnsEmpty200() {
    Response r = handle(request("GET", "/", "name[]=nonexistent"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isNotNull();
    assertThat(r.body().length()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"name[]=%zz", "name[]=%4", "name[]=%", "name[]=%C3%28", "x=%G1"})
  void get_malformedQuery_returns400(String query) {
    Response r = handle(request("GET", "/", query));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(body(r))
        .startsWith("# HTTP 400 Bad Request: malformed query: ")
        .endsWith("; percent-encode query values as UTF-8\n");
  }

  @Test
  void get_collectorThrows_returns500WithoutInternals_thenRecovers() {
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);
    c.fail.set(true);

    Response failed = handle(request("GET", "/", null));
    c.fail.set(false);
    Response next = handle(request("GET", "/", null));

    assertThat(failed.status()).isEqualTo(500);
    assertThat(body(failed))
        .isEqualTo(
            "# HTTP 500 Internal Server Error: collecting metrics failed; see the server log\n");
    assertThat(failed.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(next.status()).isEqualTo(200);
    assertThat(body(next)).contains("controlled 1.0");
  }

  @Test
  void get_collectorOverflowsTheStack_returns500_thenRecovers() {
    io.prom4j.Collector recursive =
        new io.prom4j.Collector() {
          @Override
          public List<MetricFamily> collect() {
            return collect(); // runaway recursion: StackOverflowError
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of();
          }
        };
    registry.register(recursive);

    Response failed = handle(request("GET", "/", null));
    registry.unregister(recursive);
    Response next = handle(request("GET", "/", null));

    assertThat(failed.status()).isEqualTo(500);
    assertThat(body(failed))
        .isEqualTo(
            "# HTTP 500 Internal Server Error: collecting metrics failed; see the server log\n");
    assertThat(next.status()).isEqualTo(200);
  }

  @Test
  void get_collectorThrowsOtherError_propagates() {
    io.prom4j.Collector outOfMemory =
        new io.prom4j.Collector() {
          @Override
          public List<MetricFamily> collect() {
            throw new OutOfMemoryError("test: not really");
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of();
          }
        };
    registry.register(outOfMemory);

    assertThatThrownBy(() -> handle(request("GET", "/", null)))
        .isInstanceOf(OutOfMemoryError.class)
        .hasMessage("test: not really");
  }

  @Test
  void get_dataPointThrowsWhileRendering_returns500WithoutPartialBody() {
    GaugeDataPoint broken =
        new GaugeDataPoint() {
          @Override
          public Labels labels() {
            return Labels.EMPTY;
          }

          @Override
          public double value() {
            throw new IllegalStateException("secret");
          }
        };
    registry.register(
        new io.prom4j.Collector() {
          @Override
          public List<MetricFamily> collect() {
            return List.of(
                new MetricFamily("zz_broken", "Broken.", MetricType.GAUGE, "", List.of(broken)));
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of();
          }
        });

    Response r = handle(request("GET", "/", null));

    assertThat(r.status()).isEqualTo(500);
    assertThat(body(r))
        .isEqualTo(
            "# HTTP 500 Internal Server Error: rendering metrics failed; see the server log\n");
  }

  @Test
  void get_gzipAccepted_compressesAndVaries() throws IOException {
    Response r = handle(request("GET", "/", null, "Accept-Encoding", "gzip"));

    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.header("Vary")).isEqualTo("Accept, Accept-Encoding");
    assertThat(gunzip(r.body().toByteArray())).contains("gg 17.0\n");
  }

  @Test
  void get_gzipNotAccepted_sendsIdentityButStillVaries() {
    Response r = handle(request("GET", "/", null, "Accept-Encoding", "br"));

    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("Vary")).isEqualTo("Accept, Accept-Encoding");
    assertThat(body(r)).contains("gg 17.0\n");
  }

  @Test
  void get_compressionDisabled_neverGzips() {
    ScrapeEndpoint plain = new ScrapeEndpoint(registry, false);

    Response r =
        plain.handle(request("GET", "/", null, "Accept-Encoding", "gzip"), new ResponseBuffer(64));

    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("Vary")).isEqualTo("Accept");
    assertThat(new String(r.body().toByteArray(), StandardCharsets.UTF_8)).contains("gg 17.0");
  }

  @Test
  void get_repeatedAcceptHeaders_areJoinedForNegotiation() {
    Response joined =
        handle(
            request(
                "GET",
                "/",
                null,
                "Accept",
                "text/html",
                "Accept",
                "application/openmetrics-text; version=1.0.0"));

    assertThat(joined.header("Content-Type")).startsWith("application/openmetrics-text");
  }
}
