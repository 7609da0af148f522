package io.prom4j.http;

import static io.prom4j.testing.Gzip.gunzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrapeHandlerTest {

  private final CollectorRegistry registry = TestCollectors.small();
  private final ScrapeHandler handler = new ScrapeHandler(registry);

  private static FakeRequest request(String method, String path, String query, String... headers) {
    return new FakeRequest(method, path, query, headers);
  }

  private CapturedResponse handle(FakeRequest r) throws IOException {
    return handle(handler, r);
  }

  private static CapturedResponse handle(ScrapeHandler h, FakeRequest r) throws IOException {
    CapturedResponse response = new CapturedResponse();
    h.handle(r, response);
    assertThat(response.bodyCalls()).as("body(status) called once").isEqualTo(1);
    return response;
  }

  private static String body(CapturedResponse r) {
    return r.text();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/metrics", "/any/path", "*", "/favicon.ico"})
  void options_anyPath_returnsAllowHeaderAndEmptyBody(String path) throws IOException {
    CapturedResponse r = handle(request("OPTIONS", path, null));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET");
    assertThat(r.header("Content-Type")).isNull();
    assertThat(r.length()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE", "HEAD", "FOO", "get"})
  void otherMethods_return405WithAllowAndMethodVerbatim(String method) throws IOException {
    CapturedResponse r = handle(request(method, "/metrics", null));

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("OPTIONS,GET");
    assertThat(body(r))
        .isEqualTo("# HTTP 405 Method Not Allowed: " + method + "; use OPTIONS or GET\n");
  }

  @Test
  void post_bodyLength_matchesPythonClient() throws IOException {
    // Python: POST 56, PUT 55, DELETE 58, PATCH 57 bytes.
    assertThat(handle(request("POST", "/", null)).length()).isEqualTo(56);
    assertThat(handle(request("PUT", "/", null)).length()).isEqualTo(55);
    assertThat(handle(request("DELETE", "/", null)).length()).isEqualTo(58);
    assertThat(handle(request("PATCH", "/", null)).length()).isEqualTo(57);
  }

  @Test
  void post_favicon_returns405() throws IOException {
    assertThat(handle(request("POST", "/favicon.ico", null)).status()).isEqualTo(405);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/metrics", "/anything/else"})
  void get_anyPath_returnsMetrics(String path) throws IOException {
    CapturedResponse r = handle(request("GET", path, "debug=1"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(body(r))
        .contains("# HELP gg A gauge\n# TYPE gg gauge\ngg 17.0\n")
        .contains("cc_total 2.0\n");
  }

  @Test
  void get_favicon_returnsEmptyBodyWithoutCollecting() throws IOException {
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);

    CapturedResponse plain = handle(request("GET", "/favicon.ico", null));
    CapturedResponse withQuery = handle(request("GET", "/favicon.ico", "x=1"));
    CapturedResponse encoded = handle(request("GET", "/favicon%2Eico", null));

    for (CapturedResponse r : List.of(plain, withQuery, encoded)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headerNames()).isEmpty();
      assertThat(r.length()).isZero();
    }
    assertThat(c.calls).hasValue(0);
  }

  @Test
  void get_withBody_returns400AndDoesNotCollect() throws IOException {
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);

    CapturedResponse length = handle(request("GET", "/", null, "Content-Length", "5"));
    CapturedResponse chunked = handle(request("GET", "/", null, "Transfer-Encoding", "chunked"));
    CapturedResponse options = handle(request("OPTIONS", "/", null, "Content-Length", "1"));

    assertThat(length.status()).isEqualTo(400);
    assertThat(body(length))
        .isEqualTo("# HTTP 400 Bad Request: GET request with a body; send GET without one\n");
    assertThat(chunked.status()).isEqualTo(400);
    assertThat(options.status()).isEqualTo(400);
    assertThat(c.calls).hasValue(0);
  }

  @Test
  void post_withEmptyBody_isStill405() throws IOException {
    CapturedResponse r = handle(request("POST", "/", null, "Content-Length", "0"));

    assertThat(r.status()).isEqualTo(405);
  }

  @Test
  void get_nameFilter_returnsOnlyNamedFamilies() throws IOException {
    CapturedResponse one = handle(request("GET", "/", "name[]=gg"));
    CapturedResponse encodedKey = handle(request("GET", "/", "name%5B%5D=cc_total"));
    CapturedResponse both = handle(request("GET", "/", "name[]=gg&name[]=cc_total"));
    CapturedResponse blank = handle(request("GET", "/", "name[]="));
    CapturedResponse plainName = handle(request("GET", "/", "name=gg"));

    assertThat(body(one)).contains("gg 17.0").doesNotContain("cc_total");
    assertThat(body(encodedKey)).contains("cc_total 2.0").doesNotContain("gg 17.0");
    assertThat(body(both)).contains("gg 17.0").contains("cc_total 2.0");
    assertThat(body(blank)).contains("gg 17.0").contains("cc_total 2.0");
    assertThat(body(plainName)).contains("gg 17.0").contains("cc_total 2.0");
  }

  @Test
  void get_nameFilterMatchingNothing_returnsEmpty200() throws IOException {
    CapturedResponse r = handle(request("GET", "/", "name[]=nonexistent"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isNotNull();
    assertThat(r.length()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"name[]=%zz", "name[]=%4", "name[]=%", "name[]=%C3%28", "x=%G1"})
  void get_malformedQuery_returns400(String query) throws IOException {
    CapturedResponse r = handle(request("GET", "/", query));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(body(r))
        .startsWith("# HTTP 400 Bad Request: malformed query: ")
        .endsWith("; percent-encode query values as UTF-8\n");
  }

  @Test
  void get_collectorThrows_returns500WithoutInternals_thenRecovers() throws IOException {
    TestCollectors.Controllable c = new TestCollectors.Controllable();
    registry.register(c);
    c.fail.set(true);

    CapturedResponse failed = handle(request("GET", "/", null));
    c.fail.set(false);
    CapturedResponse next = handle(request("GET", "/", null));

    assertThat(failed.status()).isEqualTo(500);
    assertThat(body(failed))
        .isEqualTo(
            "# HTTP 500 Internal Server Error: collecting metrics failed; see the server log\n");
    assertThat(failed.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(next.status()).isEqualTo(200);
    assertThat(body(next)).contains("controlled 1.0");
  }

  @Test
  void get_collectorOverflowsTheStack_returns500_thenRecovers() throws IOException {
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

    CapturedResponse failed = handle(request("GET", "/", null));
    registry.unregister(recursive);
    CapturedResponse next = handle(request("GET", "/", null));

    assertThat(failed.status()).isEqualTo(500);
    assertThat(body(failed))
        .isEqualTo(
            "# HTTP 500 Internal Server Error: collecting metrics failed; see the server log\n");
    assertThat(next.status()).isEqualTo(200);
  }

  @Test
  void get_collectorThrowsOtherError_propagates() throws IOException {
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
  void get_dataPointThrowsWhileRendering_returns500WithoutPartialBody() throws IOException {
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

    CapturedResponse r = handle(request("GET", "/", null));

    assertThat(r.status()).isEqualTo(500);
    assertThat(body(r))
        .isEqualTo(
            "# HTTP 500 Internal Server Error: rendering metrics failed; see the server log\n");
  }

  @Test
  void get_gzipAccepted_compressesAndVaries() throws IOException {
    CapturedResponse r = handle(request("GET", "/", null, "Accept-Encoding", "gzip"));

    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.header("Vary")).isEqualTo("Accept, Accept-Encoding");
    assertThat(gunzip(r.bytes())).contains("gg 17.0\n");
  }

  @Test
  void get_gzipNotAccepted_sendsIdentityButStillVaries() throws IOException {
    CapturedResponse r = handle(request("GET", "/", null, "Accept-Encoding", "br"));

    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("Vary")).isEqualTo("Accept, Accept-Encoding");
    assertThat(body(r)).contains("gg 17.0\n");
  }

  @Test
  void get_compressionDisabled_neverGzips() throws IOException {
    ScrapeHandler plain = ScrapeHandler.builder().registry(registry).compression(false).build();

    CapturedResponse r = handle(plain, request("GET", "/", null, "Accept-Encoding", "gzip"));

    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("Vary")).isEqualTo("Accept");
    assertThat(r.text()).contains("gg 17.0");
  }

  @Test
  void get_repeatedAcceptHeaders_areJoinedForNegotiation() throws IOException {
    CapturedResponse joined =
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

  @Test
  void get_renderingFailsAfterBytesWereSent_throwsSoTheFrontEndAbortsTheExchange() {
    registry.register(brokenGaugeCollector());
    CapturedResponse committed = new CapturedResponse(false);

    assertThatThrownBy(() -> handler.handle(request("GET", "/", null), committed))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("after the response was committed");
  }

  @Test
  void source_anyFunctionOfTheRequestedNames_isServed() throws IOException {
    List<java.util.Set<String>> asked = new java.util.ArrayList<>();
    ScrapeHandler custom =
        ScrapeHandler.builder()
            .source(
                names -> {
                  asked.add(names);
                  return List.of(
                      new MetricFamily(
                          "jobs_waiting",
                          "Jobs waiting.",
                          MetricType.GAUGE,
                          "",
                          List.of(GaugeDataPoint.of(Labels.of("queue", "a"), 7))));
                })
            .build();

    CapturedResponse r = handle(custom, request("GET", "/", "name[]=jobs_waiting"));

    assertThat(asked).containsExactly(java.util.Set.of("jobs_waiting"));
    assertThat(r.text()).contains("jobs_waiting{queue=\"a\"} 7.0\n");
  }

  @Test
  void builder_withoutSource_throwsNamingTheSettings() {
    assertThatThrownBy(() -> ScrapeHandler.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry(...) or source(...)");
  }

  private static io.prom4j.Collector brokenGaugeCollector() {
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
    return new io.prom4j.Collector() {
      @Override
      public List<MetricFamily> collect() {
        return List.of(
            new MetricFamily("zz_broken", "Broken.", MetricType.GAUGE, "", List.of(broken)));
      }

      @Override
      public List<MetricFamily> describe() {
        return List.of();
      }
    };
  }

  private static final String OPENMETRICS_ACCEPT = "application/openmetrics-text;version=1.0.0";
  private static final String PROTOBUF_ACCEPT =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
          + "encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";

  @Test
  void get_openMetricsByDefault_writesNoCreatedSeries() throws IOException {
    CapturedResponse r = handle(request("GET", "/metrics", null, "Accept", OPENMETRICS_ACCEPT));
    assertThat(body(r)).contains("cc_total 2.0\n").doesNotContain("_created");
  }

  @Test
  void get_createdSeriesOn_textFormatsWriteCreated() throws IOException {
    ScrapeHandler withCreated =
        ScrapeHandler.builder().registry(registry).createdSeries(true).build();
    assertThat(body(handle(withCreated, request("GET", "/", null, "Accept", OPENMETRICS_ACCEPT))))
        .containsPattern("\ncc_created [0-9.e+]+\n");
    assertThat(body(handle(withCreated, request("GET", "/", null))))
        .contains("# TYPE cc_created gauge\n");
  }

  @Test
  void get_prometheusProtobufFirstAccept_answersProtobuf() throws IOException {
    CapturedResponse r = handle(request("GET", "/metrics", null, "Accept", PROTOBUF_ACCEPT));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type"))
        .isEqualTo(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                + " encoding=delimited; escaping=underscores");
    byte[] b = r.bytes();
    assertThat(b[1]).as("first family starts with its name, field 1").isEqualTo((byte) 0x0a);
  }
}
