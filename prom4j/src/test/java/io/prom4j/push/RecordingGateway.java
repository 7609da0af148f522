package io.prom4j.push;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Test fixture: a stand-in Pushgateway on {@code 127.0.0.1}, port 0, that records every request and
 * answers with a configurable status and body (202 and no body by default).
 */
final class RecordingGateway implements AutoCloseable {

  /**
   * One request as it arrived: the raw (still percent-encoded) path, the headers, the body, and the
   * subject of the client certificate (null without one).
   */
  record Recorded(String method, String rawPath, Headers headers, byte[] body, String peer) {
    /** The body read as delimited protobuf, with client_java's generated metrics.proto classes. */
    List<Metrics.MetricFamily> families() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      List<Metrics.MetricFamily> out = new ArrayList<>();
      try {
        Metrics.MetricFamily f;
        while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
          out.add(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("the body is not delimited protobuf", e);
      }
      return out;
    }

    String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile int status = 202;
  private volatile byte[] answer = new byte[0];
  private volatile String location;
  private volatile boolean hang;

  RecordingGateway() {
    this(null, false);
  }

  /**
   * Over HTTPS with {@code context} when it is not null; {@code needClientAuth} requires a client
   * certificate that the context's trust manager accepts.
   */
  RecordingGateway(SSLContext context, boolean needClientAuth) {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try {
      if (context == null) {
        server = HttpServer.create(address, 0);
      } else {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(
            new HttpsConfigurator(context) {
              @Override
              public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
              }
            });
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code host:port} for {@link PushGateway.Builder#address(String)}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code https://localhost:<port>}, the name the test server certificates carry. */
  String httpsUrl() {
    return "https://localhost:" + server.getAddress().getPort();
  }

  /** Answer every request with {@code status} and {@code body}. */
  RecordingGateway answer(int status, String body) {
    this.status = status;
    this.answer = body.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** Answer with a redirect to {@code location}. */
  RecordingGateway redirect(int status, String location) {
    this.location = location;
    return answer(status, "");
  }

  /** Never answer (until {@link #close()}): for timeouts. */
  RecordingGateway hang() {
    this.hang = true;
    return this;
  }

  /** Every request so far, in arrival order. */
  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** The only request so far. */
  Recorded only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests);
    }
    return requests.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      requests.add(
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestHeaders(),
              body,
              peer(exchange)));
      if (hang) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      if (location != null) {
        exchange.getResponseHeaders().set("Location", location);
      }
      byte[] a = answer;
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, a.length == 0 ? -1 : a.length);
      if (a.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(a);
        }
      }
    }
  }

  private static String peer(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return null;
    }
    try {
      return https.getSSLSession().getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
