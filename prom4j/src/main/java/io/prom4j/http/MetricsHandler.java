package io.prom4j.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prom4j.CollectorRegistry;
import io.prom4j.internal.server.BufferPool;
import io.prom4j.internal.server.ResponseBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Serves metrics from an existing JDK {@code com.sun.net.httpserver.HttpServer}: the counterpart of
 * the Python client's {@code MetricsHandler}.
 *
 * <pre>{@code
 * HttpServer existing = HttpServer.create(new InetSocketAddress(8080), 0);
 * existing.createContext("/metrics", new MetricsHandler(registry));
 * existing.setExecutor(Executors.newFixedThreadPool(4)); // without one, one slow client or
 * existing.start();                                      // collector stalls every context
 * }</pre>
 *
 * <p>It answers exactly as {@link MetricsServer} does, through the same {@link ScrapeHandler}
 * (unlike the Python client, whose {@code MetricsHandler} only knows GET): {@code OPTIONS} gets 200
 * and {@code Allow: OPTIONS,GET}; methods other than {@code GET} and {@code OPTIONS} get 405 (a
 * {@code HEAD} gets the 405 head with the {@code Content-Length} of its body, and no body); {@code
 * GET /favicon.ico} gets an empty 200 (only reachable when mounted at {@code /}); any other {@code
 * GET} gets the metrics, negotiated from {@code Accept}, filtered by {@code name[]}, gzipped when
 * the client accepts it and compression is on. Every response is sent with a fixed {@code
 * Content-Length}, never chunked. A collector that throws yields a 500 whose body names no
 * internals; the cause is logged (System.Logger {@code io.prom4j.http}).
 *
 * <p>Connection handling, timeouts and limits are the JDK server's (configured JVM-wide with {@code
 * sun.net.httpserver.*} properties, which prom4j never sets). Thread-safe: one instance may serve
 * many contexts and servers.
 */
public final class MetricsHandler implements HttpHandler {

  private final ScrapeHandler handler;
  private final BufferPool buffers = new BufferPool();

  /** A handler for the default registry, with compression. */
  public MetricsHandler() {
    this(CollectorRegistry.defaultRegistry());
  }

  /**
   * A handler for {@code registry}, with compression.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public MetricsHandler(CollectorRegistry registry) {
    this(registry, true);
  }

  /**
   * A handler for {@code registry}.
   *
   * @param compression whether to gzip responses for clients that accept it (default true)
   * @throws NullPointerException if {@code registry} is null
   */
  public MetricsHandler(CollectorRegistry registry, boolean compression) {
    this(ScrapeHandler.builder().registry(registry).compression(compression).build());
  }

  /**
   * A handler that answers through {@code handler} (its source, compression and other options).
   *
   * @throws NullPointerException if {@code handler} is null
   */
  public MetricsHandler(ScrapeHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Answers one exchange and closes it.
   *
   * @throws IOException if the client goes away while the response is sent
   */
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    ResponseBuffer body = buffers.acquire();
    try {
      Buffered answer = new Buffered(exchange.getResponseHeaders(), body);
      handler.handle(new View(exchange), answer);
      Headers headers = exchange.getResponseHeaders();
      int length = body.length();
      if (exchange.getRequestMethod().equals("HEAD")) {
        // The JDK server sends no body for HEAD and wants the length set by hand.
        headers.set("Content-Length", Integer.toString(length));
        exchange.sendResponseHeaders(answer.status, -1);
      } else if (length == 0) {
        exchange.sendResponseHeaders(answer.status, -1); // -1: empty; 0 would mean chunked
      } else {
        exchange.sendResponseHeaders(answer.status, length);
        OutputStream out = exchange.getResponseBody();
        out.write(body.array(), body.start(), length);
      }
    } finally {
      buffers.release(body);
      exchange.close();
    }
  }

  /** The exchange's request, as the scrape core reads it. */
  private record View(HttpExchange exchange) implements ScrapeRequest {
    @Override
    public String method() {
      return exchange.getRequestMethod();
    }

    @Override
    public String path() {
      URI uri = exchange.getRequestURI();
      return uri.getRawPath() == null ? uri.toString() : uri.getRawPath();
    }

    @Override
    public String query() {
      return exchange.getRequestURI().getRawQuery();
    }

    @Override
    public String header(String name) {
      List<String> values = exchange.getRequestHeaders().get(name);
      return values == null || values.isEmpty() ? null : String.join(", ", values);
    }
  }

  /** Buffers the answer so it goes out with a Content-Length, and can be reset until then. */
  private static final class Buffered implements ScrapeResponse {
    private final Headers headers;
    private final ResponseBuffer body;
    private int status;

    Buffered(Headers headers, ResponseBuffer body) {
      this.headers = headers;
      this.body = body;
    }

    @Override
    public void header(String name, String value) {
      headers.add(name, value);
    }

    @Override
    public OutputStream body(int status) {
      this.status = status;
      return body;
    }

    @Override
    public boolean reset() {
      headers.clear();
      body.reset();
      return true;
    }
  }
}
