package io.prom4j.http;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.ExpositionFormat;
import io.prom4j.internal.OwnCodeCollection;
import io.prom4j.internal.server.HttpStatus;
import io.prom4j.internal.server.HttpSyntax;
import io.prom4j.model.MetricFamily;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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

  /** Default longest query answered: the engine's default {@code maxQueryBytes}. */
  static final int DEFAULT_MAX_QUERY_LENGTH = 4096;

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");

  private final Function<Set<String>, List<MetricFamily>> source;
  private final BooleanSupplier ownCodeOnly;
  private final boolean compression;
  private final boolean createdSeries;
  private final String vary;
  private final GzipPool gzip = new GzipPool();
  private final ScrapeGate gate;
  private final int maxQueryLength;

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
    this.ownCodeOnly = b.ownCodeOnly;
    this.compression = b.compression;
    this.gate = new ScrapeGate(b.maxScrapesInFlight, b.scrapeTimeout);
    this.maxQueryLength = b.maxQueryLength;
    this.createdSeries = b.createdSeries;
    // The representation depends on Accept (format) and, with compression, Accept-Encoding.
    this.vary = compression ? "Accept, Accept-Encoding" : "Accept";
  }

  /** A builder: {@code ScrapeHandler.builder().registry(registry).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The scrape gate (tests). */
  ScrapeGate gate() {
    return gate;
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
    String query = request.query();
    if (query != null && query.length() > maxQueryLength) {
      // The engine stops longer ones earlier; other front ends (a JDK HttpServer takes heads of
      // any size) rely on this check.
      error(
          response,
          HttpStatus.URI_TOO_LONG,
          "query longer than " + maxQueryLength + " characters",
          "shorten the query");
      return;
    }
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
    try {
      format = ContentNegotiation.negotiate(request.header("Accept"), createdSeries);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "negotiating the format failed", e);
      error(response, HttpStatus.INTERNAL_ERROR, "collecting metrics failed", "see the server log");
      return;
    }
    long deadline = gate.deadline(request.header(ScrapeGate.TIMEOUT_HEADER), System.nanoTime());
    try (ScrapeGate.Slot slot = enter(deadline)) {
      if (slot == null) {
        gate.warn(
            "all {0} scrape slots stayed busy until a scrape''s deadline: answered 503",
            gate.maxInFlight());
        unavailable(response, gate.maxInFlight() + " scrapes in flight already", "try again later");
        return;
      }
      List<MetricFamily> families;
      try {
        // A registry of prom4j's own metrics cannot hang its collection, so it runs here: the
        // hand-off to a collector thread costs two thread wake-ups a scrape (server CPU of a static
        // gzip scrape: 0.117 ms at 42ef1ba, 0.071-0.077 ms after this, separate RunScrapes runs;
        // BENCHMARKS.md).
        families =
            ownCodeOnly.getAsBoolean()
                ? slot.collectHere(() -> source.apply(names), deadline)
                : slot.collect(() -> source.apply(names), deadline);
      } catch (TimeoutException e) {
        gate.warn(
            "collecting metrics did not finish before the scrape''s deadline: answered 503; the"
                + " collection still holds one of the {0} scrape slots until it returns",
            gate.maxInFlight());
        unavailable(
            response,
            "collecting metrics did not finish before the scrape deadline",
            "see the server log");
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unavailable(response, "the server is shutting down", "try again later");
        return;
      } catch (ExecutionException e) {
        Throwable t = e.getCause();
        if (t instanceof Exception || t instanceof StackOverflowError) { // a collector's bug
          LOG.log(System.Logger.Level.WARNING, "collecting metrics failed", t);
          error(
              response,
              HttpStatus.INTERNAL_ERROR,
              "collecting metrics failed",
              "see the server log");
          return;
        }
        if (t instanceof Error) {
          throw (Error) t; // OutOfMemoryError and the like: the front end's business
        }
        throw new IllegalStateException(t);
      }
      render(request, response, format, families, slot);
    }
  }

  /** A slot for one scrape, waiting until {@code deadline}; null if none freed up in time. */
  private ScrapeGate.Slot enter(long deadline) {
    try {
      return gate.enter(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** A 503 in the {@code # HTTP} form, with {@code Retry-After}. */
  private static void unavailable(ScrapeResponse response, String what, String hint)
      throws IOException {
    response.header("Retry-After", "1");
    error(response, HttpStatus.UNAVAILABLE, what, hint);
  }

  private void render(
      ScrapeRequest request,
      ScrapeResponse response,
      ExpositionFormat format,
      List<MetricFamily> families,
      ScrapeGate.Slot slot)
      throws IOException {
    boolean gzipped =
        compression && ContentNegotiation.gzipAccepted(request.header("Accept-Encoding"));
    response.header("Content-Type", format.contentType());
    if (gzipped) {
      response.header("Content-Encoding", "gzip");
    }
    response.header("Vary", vary);
    OutputStream body = new SlotBody(response.body(HttpStatus.OK), slot);
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
    GzipOutput g = gzip.acquire(format.contentType());
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
    private BooleanSupplier ownCodeOnly = () -> false;
    private boolean compression = true;
    private int maxScrapesInFlight = ScrapeGate.DEFAULT_MAX_IN_FLIGHT;
    private Duration scrapeTimeout = ScrapeGate.DEFAULT_TIMEOUT;
    private int maxQueryLength = DEFAULT_MAX_QUERY_LENGTH;
    private boolean createdSeries;

    private Builder() {}

    /** Collects {@code registry} for every scrape (replaces a {@link #source}). */
    public Builder registry(CollectorRegistry registry) {
      Objects.requireNonNull(registry, "registry");
      this.source = registry::collect;
      this.ownCodeOnly = () -> OwnCodeCollection.of(registry);
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
      this.ownCodeOnly = () -> false; // any code: collected on a collector thread
      return this;
    }

    /** Whether to gzip responses for clients that accept it (default true). */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Most scrapes that collect and render at once (default: the number of cores, at least 2 and at
     * most 4). A scrape beyond it waits for a slot until its deadline ({@link #scrapeTimeout}),
     * then gets {@code 503} with {@code Retry-After: 1}. {@code OPTIONS} and {@code /favicon.ico}
     * never wait. Collection runs on at most this many daemon threads of the handler's own.
     *
     * @throws IllegalArgumentException if not in 1..1024
     */
    public Builder maxScrapesInFlight(int count) {
      if (count < 1 || count > 1024) {
        throw new IllegalArgumentException("maxScrapesInFlight must be in 1..1024: " + count);
      }
      this.maxScrapesInFlight = count;
      return this;
    }

    /**
     * Longest query string answered, in characters (default 4096); a longer one gets {@code 414}
     * before it is parsed. prom4j's own server also enforces its {@code maxQueryBytes} while
     * reading the request; front ends such as a JDK {@code HttpServer} accept heads of any size and
     * rely on this limit.
     *
     * @throws IllegalArgumentException if not in 1..1048576
     */
    public Builder maxQueryLength(int chars) {
      if (chars < 1 || chars > 1 << 20) {
        throw new IllegalArgumentException("maxQueryLength must be in 1..1048576: " + chars);
      }
      this.maxQueryLength = chars;
      return this;
    }

    /**
     * Deadline of a scrape whose request has no {@code X-Prometheus-Scrape-Timeout-Seconds} header
     * (default 10 s, Prometheus' default {@code scrape_timeout}); with the header, its value less a
     * margin of 10% (at most 0.5 s), capped at 2 minutes. A scrape that has not got a slot or whose
     * collection has not finished by its deadline is answered {@code 503} with {@code Retry-After};
     * a collector that hangs keeps one slot until it returns, never the request's thread.
     *
     * @throws IllegalArgumentException if not positive or above 2 minutes
     */
    public Builder scrapeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "scrapeTimeout");
      if (timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(ScrapeGate.MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "scrapeTimeout must be positive and at most "
                + ScrapeGate.MAX_TIMEOUT
                + ": "
                + timeout);
      }
      this.scrapeTimeout = timeout;
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
