package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.prom4j.CollectorRegistry;
import io.prom4j.Gauge;
import io.prom4j.testing.RawResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** {@link MetricsHandler} mounted on a real JDK {@code HttpServer}. */
class MetricsHandlerTest extends ScrapeRoutingContract {

  private HttpServer server;

  @Override
  int start(CollectorRegistry registry, boolean compression) throws IOException {
    stop();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", new MetricsHandler(registry, compression));
    server.start();
    return server.getAddress().getPort();
  }

  @Override
  void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  @Test
  void defaultConstructor_servesDefaultRegistry() throws Exception {
    Gauge g = Gauge.builder().name("prom4j_http_handler_test").help("Test gauge.").register();
    try {
      g.set(3);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/metrics", new MetricsHandler());
      server.start();
      RawResponse r = send(server.getAddress().getPort(), "GET", "/metrics");

      assertThat(r.text()).contains("prom4j_http_handler_test 3.0");
    } finally {
      CollectorRegistry.defaultRegistry().unregister(g);
    }
  }

  @Test
  void mountedUnderAPath_answersOnlyThere() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/metrics", new MetricsHandler(TestCollectors.small()));
    server.start();
    int port = server.getAddress().getPort();

    assertThat(send(port, "GET", "/metrics").status()).isEqualTo(200);
    assertThat(send(port, "GET", "/other").status()).isEqualTo(404);
  }
}
