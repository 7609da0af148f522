package io.prom4j.http;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.ExpositionFormat;
import io.prom4j.internal.server.HttpStatus;
import io.prom4j.internal.server.HttpSyntax;
import io.prom4j.model.MetricFamily;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The transport-neutral scrape core every prom4j front end uses: the built-in {@link
 * MetricsServer}, {@link MetricsHandler} for a JDK {@code HttpServer}, the Jakarta servlet, and any
 * front end of yours. It reads a request through {@link ScrapeRequest} and answers through {@link
 * ScrapeResponse}; the routing table, content negotiation, the {@code name[]} filter, gzip and the
 * error bodies live here once.
 *
 * <pre>{@code
 * ScrapeHandler handler = new ScrapeHandler(registry);
 * handler.handle(myRequestView, myResponseView);
 *
 * ScrapeHandler custom = ScrapeHandler.builder()
 *     .source(names -> myFamilies(names))   // any function of the requested names
 *     .compression(false)
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Routing, in order</caption>
 *   <tr><th>Request</th><th>Answer</th></tr>
 *   <tr><td>any method but {@code OPTIONS} and {@code GET} (case-sensitive, so {@code get} and
 *       {@code HEAD} too)</td><td>405, {@code Allow: OPTIONS,GET},
 *       {@code # HTTP 405 Method Not Allowed: <method>; use OPTIONS or GET}</td></tr>
 *   <tr><td>{@code GET} or {@code OPTIONS} announcing a body</td><td>400</td></tr>
 *   <tr><td>{@code OPTIONS}, any path</td><td>200, {@code Allow: OPTIONS,GET}, empty body</td></tr>
 *   <tr><td>{@code GET /favicon.ico} (also percent-encoded; query ignored)</td><td>200, empty
 *       body; nothing is collected</td></tr>
 *   <tr><td>{@code GET}, any other path</td><td>200 and the metrics in the format negotiated from
 *       {@code Accept}, filtered by {@code name[]}, gzipped if the client accepts it and
 *       compression is on; 400 for a malformed query; 500 if collecting or rendering fails</td>
 *       </tr>
 * </table>
 *
 * <p>A 500 body says which step failed and points to the log, where the cause goes (System.Logger
 * {@code io.prom4j.http}, WARNING); it never carries exception text. Answered with a 500: any
 * {@code Exception}, and a {@code StackOverflowError} (a recursive collector; the stack is unwound
 * by the time it is caught). Other errors ({@code OutOfMemoryError} and the like) propagate to the
 * front end. Thread-safe: one instance serves any number of concurrent requests.
 */
public final class ScrapeHandler {

  /** The methods answered, as sent in {@code Allow}. */
  static final String ALLOW = "OPTIONS,GET";

  static final String FAVICON = "/favicon.ico";

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");

  private final Function<Set<String>, List<MetricFamily>> source;
  private final boolean compression;
  private final boolean createdSeries;
  private final String vary;
  private final GzipPool gzip = new GzipPool();

  /**
   * A handler that collects {@code registry}, with compression.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public ScrapeHandler(CollectorRegistry registry) {
    this(builder().registry(registry));
  }

  private ScrapeHandler(Builder b) {
    this.source = Objects.requireNonNull(b.source, "source: call registry(...) or source(...)");
    this.compression = b.compression;
    this.createdSeries = b.createdSeries;
    // The representation depends on Accept (format) and, with compression, Accept-Encoding.
    this.vary = compression ? "Accept, Accept-Encoding" : "Accept";
  }

  /** A builder: {@code ScrapeHandler.builder().registry(registry).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether gzip is offered to clients that accept it. */
  boolean compression() {
    return compression;
  }

  /**
   * Answers one request. Never throws for a failure the client should hear about: that becomes an
   * error answer.
   *
   * @throws IOException if the front end's stream fails (the client went away), or if rendering
   *     failed after part of the response was sent ({@link ScrapeResponse#reset()} returned false)
   */
  public void handle(ScrapeRequest request, ScrapeResponse response) throws IOException {
    String method = request.method();
    boolean options = method.equals("OPTIONS");
    if (!options && !method.equals("GET")) {
      response.header("Allow", ALLOW);
      error(response, HttpStatus.METHOD_NOT_ALLOWED, method, "use OPTIONS or GET");
      return;
    }
    if (HttpSyntax.announcesBody(
        request.header("Transfer-Encoding"), request.header("Content-Length"))) {
      error(
          response,
          HttpStatus.BAD_REQUEST,
          method + " request with a body",
          "send " + method + " without one");
      return;
    }
    if (options) {
      response.header("Allow", ALLOW);
      response.body(HttpStatus.OK);
      return;
    }
    if (isFavicon(request.path())) {
      response.body(HttpStatus.OK);
      return;
    }
    metrics(request, response);
  }

  private void metrics(ScrapeRequest request, ScrapeResponse response) throws IOException {
    Set<String> names;
    try {
      names = QueryParameters.nameFilter(request.query());
    } catch (IllegalArgumentException e) {
      error(
          response,
          HttpStatus.BAD_REQUEST,
          "malformed query: " + e.getMessage(),
          "percent-encode query values as UTF-8");
      return;
    }
    ExpositionFormat format;
    List<MetricFamily> families;
    try {
      format = ContentNegotiation.negotiate(request.header("Accept"), createdSeries);
      families = source.apply(names);
    } catch (Exception | StackOverflowError t) { // a collector's bug, even a runaway recursion
      LOG.log(System.Logger.Level.WARNING, "collecting metrics failed", t);
      error(response, HttpStatus.INTERNAL_ERROR, "collecting metrics failed", "see the server log");
      return;
    }
    boolean gzipped =
        compression && ContentNegotiation.gzipAccepted(request.header("Accept-Encoding"));
    response.header("Content-Type", format.contentType());
    if (gzipped) {
      response.header("Content-Encoding", "gzip");
    }
    response.header("Vary", vary);
    OutputStream body = response.body(HttpStatus.OK);
    try {
      if (gzipped) {
        writeGzipped(body, format, families);
      } else {
        format.write(body, families);
      }
    } catch (IOException e) {
      throw e; // the front end's stream failed: the client went away
    } catch (RuntimeException | StackOverflowError t) { // a data point's or writer's bug
      LOG.log(System.Logger.Level.WARNING, "rendering metrics failed", t);
      if (!response.reset()) {
        throw new IOException("rendering metrics failed after the response was committed", t);
      }
      error(response, HttpStatus.INTERNAL_ERROR, "rendering metrics failed", "see the server log");
    }
  }

  private void writeGzipped(OutputStream body, ExpositionFormat format, List<MetricFamily> families)
      throws IOException {
    GzipOutput g = gzip.acquire();
    try {
      format.write(g.start(body), families);
      g.finish();
    } finally {
      gzip.release(g);
    }
  }

  /** An error answer: the {@code # HTTP} line of {@link HttpStatus#errorBody}, as plain text. */
  private static void error(ScrapeResponse response, int status, String what, String hint)
      throws IOException {
    response.header("Content-Type", HttpStatus.ERROR_CONTENT_TYPE);
    response.body(status).write(HttpStatus.errorBody(status, what, hint));
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

  /** Options of a {@link ScrapeHandler}. Not thread-safe; {@link #build()} copies them. */
  public static final class Builder {

    private Function<Set<String>, List<MetricFamily>> source;
    private boolean compression = true;
    private boolean createdSeries;

    private Builder() {}

    /** Collects {@code registry} for every scrape (replaces a {@link #source}). */
    public Builder registry(CollectorRegistry registry) {
      Objects.requireNonNull(registry, "registry");
      this.source = registry::collect;
      return this;
    }

    /**
     * Gathers families from {@code source} for every scrape: it receives the {@code name[]} values
     * of the request (empty for all) and returns the families to write, which should include every
     * family having one of those names as its family or sample name, and may include more (they are
     * written as given). Replaces a {@link #registry}.
     */
    public Builder source(Function<Set<String>, List<MetricFamily>> source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Whether to gzip responses for clients that accept it (default true). */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Whether the text formats (text 0.0.4 and 1.0.0, OpenMetrics) write {@code _created} series
     * (default false, as client_golang and client_java: Prometheus 3 stores each as a series of its
     * own unless created-timestamp ingestion is on). Protobuf always carries created timestamps.
     */
    public Builder createdSeries(boolean createdSeries) {
      this.createdSeries = createdSeries;
      return this;
    }

    /**
     * The handler.
     *
     * @throws NullPointerException if neither {@link #registry} nor {@link #source} was set
     */
    public ScrapeHandler build() {
      return new ScrapeHandler(this);
    }
  }
}
