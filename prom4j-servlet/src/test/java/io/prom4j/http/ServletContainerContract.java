package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.Gauge;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.servlet.MetricsServlet;
import io.prom4j.testing.Gzip;
import io.prom4j.testing.RawResponse;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MetricsServlet} in a real servlet container: the routing contract of every front end
 * (mapped at {@code /*} of the root context), then what depends on the mapping and the container.
 *
 * <p>In package {@code io.prom4j.http} because {@link ScrapeRoutingContract}, shared through
 * prom4j's test jar, is package-private there.
 */
abstract class ServletContainerContract extends ScrapeRoutingContract {

  /** A started container on 127.0.0.1, port 0. */
  interface Container extends AutoCloseable {
    int port();

    @Override
    void close();
  }

  private Container container;

  /** Starts the container with {@code servlet} mapped at {@code mapping} in {@code contextPath}. */
  abstract Container container(String contextPath, String mapping, Servlet servlet)
      throws IOException;

  @Override
  int start(CollectorRegistry registry, boolean compression) throws IOException {
    return serve("", "/*", new MetricsServlet(registry, compression));
  }

  @Override
  void stop() {
    if (container != null) {
      container.close();
      container = null;
    }
  }

  int serve(String contextPath, String mapping, Servlet servlet) throws IOException {
    stop();
    container = container(contextPath, mapping, servlet);
    return container.port();
  }

  @Test
  void prefixMapping_servesBelowIt_faviconRelativeToTheMapping() throws Exception {
    int port = serve("/app", "/metrics/*", new MetricsServlet(TestCollectors.small()));

    RawResponse metrics = send(port, "GET", "/app/metrics");
    RawResponse below = send(port, "GET", "/app/metrics/anything?x=1");
    RawResponse favicon = send(port, "GET", "/app/metrics/favicon.ico");
    RawResponse encodedFavicon = send(port, "GET", "/app/metrics/favicon%2Eico");

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).contains("gg 17.0\n");
    assertThat(below.text()).contains("gg 17.0\n");
    assertThat(favicon.status()).isEqualTo(200);
    assertThat(favicon.body()).isEmpty();
    assertThat(encodedFavicon.status()).isEqualTo(200);
    assertThat(encodedFavicon.body()).isEmpty();
    assertThat(send(port, "GET", "/app/favicon.ico").status()).isEqualTo(404);
  }

  @Test
  void exactMapping_servesThatPathOnly() throws Exception {
    int port = serve("", "/metrics", new MetricsServlet(TestCollectors.small()));

    assertThat(send(port, "GET", "/metrics").text()).contains("gg 17.0\n");
    assertThat(send(port, "OPTIONS", "/metrics").header("Allow")).isEqualTo("OPTIONS,GET");
    assertThat(send(port, "GET", "/metrics/favicon.ico").status()).isEqualTo(404);
  }

  @Test
  void defaultMapping_faviconIsTheServletPath() throws Exception {
    int port = serve("", "/", new MetricsServlet(TestCollectors.small()));

    RawResponse favicon = send(port, "GET", "/favicon.ico");

    assertThat(favicon.status()).isEqualTo(200);
    assertThat(favicon.body()).isEmpty();
    assertThat(send(port, "GET", "/some/path").text()).contains("gg 17.0\n");
  }

  @Test
  void defaultConstructor_servesTheDefaultRegistry() throws Exception {
    Gauge g = Gauge.builder().name("prom4j_servlet_test").help("Test gauge.").register();
    try {
      g.set(3);
      int port = serve("", "/metrics", new MetricsServlet());

      // the JVM metrics make it larger than the container's buffer: chunked, so HttpClient reads it
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(r.body()).contains("prom4j_servlet_test 3.0\n").contains("jvm_threads_current ");
    } finally {
      CollectorRegistry.defaultRegistry().unregister(g);
    }
  }

  @Test
  void renderingFailsBeforeAnythingWasSent_resetsTo500() throws Exception {
    int port =
        serve("", "/*", new MetricsServlet(handlerFor(TestCollectors.small(), brokenFamily())));

    RawResponse r = send(port, "GET", "/metrics", "Accept-Encoding: gzip");

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("Vary")).isNull();
    assertThat(r.text())
        .isEqualTo(
            "# HTTP 500 Internal Server Error: rendering metrics failed; see the server log\n");
  }

  @Test
  void renderingFailsAfterPartWasSent_clientSeesABrokenResponseNotATruncatedScrape()
      throws Exception {
    CollectorRegistry large = TestCollectors.large(20_000); // far past the container's buffer
    int port = serve("", "/*", new MetricsServlet(handlerFor(large, brokenFamily())));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(30))
            .build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  /** A handler writing {@code first}'s families, then {@code last}. */
  private static ScrapeHandler handlerFor(CollectorRegistry first, MetricFamily last) {
    return ScrapeHandler.builder()
        .source(
            names -> {
              List<MetricFamily> families = new ArrayList<>(first.collect(names));
              families.add(last);
              return families;
            })
        .build();
  }

  /** A gauge family whose one point throws when its value is read. */
  private static MetricFamily brokenFamily() {
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
    return new MetricFamily("zz_broken", "Broken.", MetricType.GAUGE, "", List.of(broken));
  }

  @Test
  void largeScrape_largerThanTheContainersBuffer_arrivesWholeChunked() throws Exception {
    int port = serve("", "/*", new MetricsServlet(TestCollectors.large(20_000)));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");

    HttpResponse<String> plain =
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<byte[]> gzipped =
        client.send(
            HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Length")).isEmpty();
    assertThat(plain.body())
        .contains("gg 17.0\n")
        .contains("big{series=\"0\"} 0.0\n")
        .endsWith("big{series=\"19999\"} 19999.0\n");
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(Gzip.gunzip(gzipped.body())).isEqualTo(plain.body());
  }
}
