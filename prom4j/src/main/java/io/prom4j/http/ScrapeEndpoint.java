package io.prom4j.http;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.ExpositionFormat;
import io.prom4j.internal.server.HttpStatus;
import io.prom4j.internal.server.Request;
import io.prom4j.internal.server.RequestHandler;
import io.prom4j.internal.server.RequestHeaders;
import io.prom4j.internal.server.Response;
import io.prom4j.internal.server.ResponseBuffer;
import io.prom4j.model.MetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The routing core shared by {@link MetricsServer} and {@link MetricsHandler}: the seed's method
 * table, content negotiation, the {@code name[]} filter, gzip and the error bodies. Knows nothing
 * of sockets. Thread-safe (immutable).
 *
 * <table>
 *   <caption>Routing, in order</caption>
 *   <tr><th>Request</th><th>Answer</th></tr>
 *   <tr><td>{@code OPTIONS}, any path</td><td>200, {@code Allow: OPTIONS,GET}, empty body,
 *       no Content-Type</td></tr>
 *   <tr><td>any method but {@code OPTIONS} and {@code GET} (case-sensitive, so {@code get} and
 *       {@code HEAD} too)</td><td>405, {@code Allow: OPTIONS,GET},
 *       {@code # HTTP 405 Method Not Allowed: <method>; use OPTIONS or GET}</td></tr>
 *   <tr><td>{@code GET} or {@code OPTIONS} with a body</td><td>400</td></tr>
 *   <tr><td>{@code GET /favicon.ico} (query ignored)</td><td>200, empty body, registry not
 *       collected</td></tr>
 *   <tr><td>{@code GET}, any other path</td><td>200 and the metrics in the negotiated format,
 *       gzip if accepted and enabled; 400 for a malformed query; 500 if collecting or
 *       rendering fails</td></tr>
 * </table>
 *
 * <p>The body is complete before the response is returned, so a failure never becomes a partial
 * 200. A 500 body says which step failed and points to the log, where the cause goes (System.Logger
 * {@code io.prom4j.http}, level WARNING); it never carries exception text. Answered with a 500: any
 * {@code Exception}, and a {@code StackOverflowError} (a recursive collector; the stack is unwound
 * by the time it is caught). Other errors ({@code OutOfMemoryError} and the like) are not answered:
 * they propagate to the front end, which logs them and closes the connection.
 */
final class ScrapeEndpoint implements RequestHandler {

  static final String ALLOW = "OPTIONS,GET";
  static final String FAVICON = "/favicon.ico";

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");
  private static final Response.Header ALLOW_HEADER = new Response.Header("Allow", ALLOW);
  private static final Response.Header GZIP = new Response.Header("Content-Encoding", "gzip");

  private final CollectorRegistry registry;
  private final boolean compression;
  private final Response.Header vary;

  /**
   * @param registry the registry every metrics request collects
   * @param compression whether gzip is offered to clients that accept it
   */
  ScrapeEndpoint(CollectorRegistry registry, boolean compression) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.compression = compression;
    // The representation depends on Accept (format) and, with compression, Accept-Encoding.
    this.vary = new Response.Header("Vary", compression ? "Accept, Accept-Encoding" : "Accept");
  }

  @Override
  public Response handle(Request request, ResponseBuffer body) {
    String method = request.method();
    boolean options = method.equals("OPTIONS");
    if (!options && !method.equals("GET")) {
      return Response.error(
          body, HttpStatus.METHOD_NOT_ALLOWED, method, "use OPTIONS or GET", ALLOW_HEADER);
    }
    if (request.hasBody()) {
      return Response.error(
          body,
          HttpStatus.BAD_REQUEST,
          method + " request with a body",
          "send " + method + " without one");
    }
    if (options) {
      return new Response(HttpStatus.OK, List.of(ALLOW_HEADER), body);
    }
    if (isFavicon(request.path())) {
      return new Response(HttpStatus.OK, List.of(), body);
    }
    return metrics(request, body);
  }

  private Response metrics(Request request, ResponseBuffer body) {
    Set<String> names;
    try {
      names = QueryParameters.nameFilter(request.query());
    } catch (IllegalArgumentException e) {
      return Response.error(
          body,
          HttpStatus.BAD_REQUEST,
          "malformed query: " + e.getMessage(),
          "percent-encode query values as UTF-8");
    }
    RequestHeaders headers = request.headers();
    ExpositionFormat format;
    List<MetricFamily> families;
    try {
      format = ContentNegotiation.negotiate(headers.joined("Accept"));
      families = registry.collect(names);
    } catch (Exception | StackOverflowError t) { // a collector's bug, even a runaway recursion
      LOG.log(System.Logger.Level.WARNING, "collecting metrics failed", t);
      return Response.error(
          body, HttpStatus.INTERNAL_ERROR, "collecting metrics failed", "see the server log");
    }
    try {
      format.write(body, families);
    } catch (Exception | StackOverflowError t) {
      LOG.log(System.Logger.Level.WARNING, "rendering metrics failed", t);
      body.reset();
      return Response.error(
          body, HttpStatus.INTERNAL_ERROR, "rendering metrics failed", "see the server log");
    }
    List<Response.Header> out = new ArrayList<>(3);
    out.add(new Response.Header("Content-Type", format.contentType()));
    if (compression && ContentNegotiation.gzipAccepted(headers.joined("Accept-Encoding"))) {
      body.gzipBody();
      out.add(GZIP);
    }
    out.add(vary);
    return new Response(HttpStatus.OK, out, body);
  }

  /** {@code /favicon.ico}, also when sent percent-encoded (the Python server decodes paths). */
  private static boolean isFavicon(String path) {
    if (path.equals(FAVICON)) {
      return true;
    }
    if (path.indexOf('%') < 0) {
      return false;
    }
    try {
      return QueryParameters.decode(path, 0, path.length()).equals(FAVICON);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
