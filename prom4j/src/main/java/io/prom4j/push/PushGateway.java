package io.prom4j.push;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.ProtobufFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of the Prometheus <a href="https://github.com/prometheus/pushgateway">Pushgateway</a>,
 * for batch jobs that end before Prometheus could scrape them (the Python client's {@code
 * push_to_gateway}, {@code pushadd_to_gateway} and {@code delete_from_gateway}).
 *
 * <pre>{@code
 * PushGateway gateway = PushGateway.builder().address("localhost:9091").build();
 * gateway.push(registry, "nightly_backup", Map.of("instance", "db-1"));
 * }</pre>
 *
 * <p>A group is the job plus the grouping key: {@link #push push} (HTTP {@code PUT}) replaces all
 * of the group's metrics, {@link #pushAdd pushAdd} ({@code POST}) replaces only the metrics with
 * the names pushed, {@link #delete delete} ({@code DELETE}) removes the group. The gateway keeps a
 * group until it is deleted or replaced, and adds {@code push_time_seconds} to it.
 *
 * <p>The job and grouping key are validated before anything is sent. Values that are empty or
 * contain {@code /} travel in the gateway's {@code @base64} path form; label names must be legacy
 * Prometheus names. The body is the registry in the delimited protobuf format ({@link
 * ProtobufFormat}, Content-Type {@value ProtobufFormat#CONTENT_TYPE}), collected once per call; the
 * registry is never changed. Each call is one request: nothing is retried. The timeout bounds the
 * whole exchange, connecting included.
 *
 * <p>Why protobuf: it is the only format that carries native histograms, and a {@link
 * io.prom4j.Histogram} keeps one by default next to its classic buckets. The gateway stores each
 * pushed family as it arrives and serves it as a scraped target would: its protobuf exposition
 * keeps both parts (Prometheus with native histograms enabled scrapes that), its text exposition
 * the classic buckets, count and sum. A text body would lose the native part on the way in. Its
 * query API ({@code /api/v1/metrics}) shows a histogram with a native part by its native buckets
 * only; the classic buckets are still stored and scraped. Push a histogram name the same way from
 * every group: the gateway serves one family per name, and Prometheus 3.5 fails a protobuf scrape
 * of a family in which a classic-only metric follows one with a native part.
 *
 * <p>Instances are immutable and thread-safe; keep one per gateway. TLS files are read by {@link
 * Builder#build()}, once.
 */
public final class PushGateway {

  /** Default of {@link Builder#timeout(Duration)}, as in the Python client. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The format of every push: delimited protobuf with names escaped by underscores (legacy names,
   * which every gateway accepts), so that native histograms reach the gateway. The only place that
   * names the format; {@link #BODY_CONTENT_TYPE} goes with it.
   */
  private static final ProtobufFormat BODY_FORMAT = ProtobufFormat.standard();

  /**
   * The Content-Type of every push, as client_golang's push sends it: the gateway reads the body as
   * protobuf when the media type, {@code proto} and {@code encoding} match, else as text 0.0.4.
   */
  private static final String BODY_CONTENT_TYPE = ProtobufFormat.CONTENT_TYPE;

  private final GatewayUrl url;
  private final HttpClient client;
  private final String authorization;
  private final Duration timeout;

  private PushGateway(Builder b, HttpClient client) {
    this.url = b.url;
    this.client = client;
    this.authorization = b.basic != null ? b.basic : b.bearer;
    this.timeout = b.timeout;
  }

  /** A builder; set {@link Builder#address(String) address} or {@link Builder#url(String) url}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Replaces the metrics of the job's group (grouping key {@code job} only) with the registry's:
   * HTTP {@code PUT}.
   *
   * @throws IOException if the gateway answers an error (the message names the status and the
   *     gateway's message), cannot be reached, or does not answer within the timeout
   * @throws IllegalArgumentException if {@code job} is empty
   * @throws NullPointerException if an argument is null
   */
  public void push(CollectorRegistry registry, String job) throws IOException {
    push(registry, job, Map.of());
  }

  /**
   * Replaces all metrics of the group {@code job} plus {@code groupingKey} with the registry's:
   * HTTP {@code PUT}. An empty registry leaves the group empty (and updates its {@code
   * push_time_seconds}).
   *
   * @param groupingKey further labels of the group, such as {@code instance}; may be empty
   * @throws IOException if the gateway answers an error (the message names the status and the
   *     gateway's message), cannot be reached, or does not answer within the timeout
   * @throws IllegalArgumentException if {@code job} is empty, or a grouping key label name is not a
   *     legacy Prometheus name, starts with {@code __} or is {@code job}; nothing is sent
   * @throws NullPointerException if an argument, a label name or a value is null
   */
  public void push(CollectorRegistry registry, String job, Map<String, String> groupingKey)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    send("PUT", GroupingKey.path(job, groupingKey), registry);
  }

  /**
   * Replaces the metrics of the job's group that have the names of the registry's metrics, and
   * keeps the others: HTTP {@code POST}.
   *
   * @throws IOException if the gateway answers an error, cannot be reached, or does not answer
   *     within the timeout
   * @throws IllegalArgumentException if {@code job} is empty
   * @throws NullPointerException if an argument is null
   */
  public void pushAdd(CollectorRegistry registry, String job) throws IOException {
    pushAdd(registry, job, Map.of());
  }

  /**
   * Replaces the metrics of the group {@code job} plus {@code groupingKey} that have the names of
   * the registry's metrics, and keeps the group's others: HTTP {@code POST}.
   *
   * @throws IOException if the gateway answers an error, cannot be reached, or does not answer
   *     within the timeout
   * @throws IllegalArgumentException for an invalid job or grouping key, as {@link
   *     #push(CollectorRegistry, String, Map)}; nothing is sent
   * @throws NullPointerException if an argument, a label name or a value is null
   */
  public void pushAdd(CollectorRegistry registry, String job, Map<String, String> groupingKey)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    send("POST", GroupingKey.path(job, groupingKey), registry);
  }

  /**
   * Deletes the job's group (grouping key {@code job} only): HTTP {@code DELETE}. Deleting a group
   * that does not exist is not an error.
   *
   * @throws IOException if the gateway answers an error, cannot be reached, or does not answer
   *     within the timeout
   * @throws IllegalArgumentException if {@code job} is empty
   * @throws NullPointerException if {@code job} is null
   */
  public void delete(String job) throws IOException {
    delete(job, Map.of());
  }

  /**
   * Deletes the group {@code job} plus {@code groupingKey}: HTTP {@code DELETE}. Groups whose key
   * merely contains these labels are kept.
   *
   * @throws IOException if the gateway answers an error, cannot be reached, or does not answer
   *     within the timeout
   * @throws IllegalArgumentException for an invalid job or grouping key, as {@link
   *     #push(CollectorRegistry, String, Map)}; nothing is sent
   * @throws NullPointerException if an argument, a label name or a value is null
   */
  public void delete(String job, Map<String, String> groupingKey) throws IOException {
    send("DELETE", GroupingKey.path(job, groupingKey), null);
  }

  /** The gateway's base URL, for example {@code http://localhost:9091}. */
  public URI url() {
    return url.base();
  }

  /** {@code PushGateway[<url>]}: never credentials. */
  @Override
  public String toString() {
    return "PushGateway[" + url.base() + "]";
  }

  private void send(String method, String path, CollectorRegistry registry) throws IOException {
    URI uri = url.resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    if (registry == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body(registry)))
          .header("Content-Type", BODY_CONTENT_TYPE);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response = exchange(method, uri, request.build());
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new IOException(
          "Pushgateway answered HTTP "
              + status
              + " to "
              + method
              + " "
              + uri
              + ": "
              + response.body());
    }
  }

  /** The request body: the registry in {@link #BODY_FORMAT}. */
  private static byte[] body(CollectorRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BODY_FORMAT.write(out, registry);
    return out.toByteArray();
  }

  /**
   * Sends the request and reads the answer within the timeout (the request's own timeout covers
   * only the wait for the answer's head).
   */
  private HttpResponse<String> exchange(String method, URI uri, HttpRequest request)
      throws IOException {
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(request, GatewayAnswer.handler());
    try {
      return future.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timedOut(method, uri);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(method + " " + uri + " was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw timedOut(method, uri);
      }
      throw new IOException(
          method + " " + uri + " failed: " + (cause == null ? e : cause),
          cause == null ? e : cause);
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // about 292 years: as good as no limit
    }
  }

  private HttpTimeoutException timedOut(String method, URI uri) {
    return new HttpTimeoutException(
        method + " " + uri + ": no answer within the timeout of " + timeout.toMillis() + " ms");
  }

  /**
   * Builds a {@link PushGateway}. Required: {@link #address(String)} or {@link #url(String)}.
   * Defaults: no authentication, the JDK's trusted CAs for HTTPS, no client certificate, timeout
   * {@link PushGateway#DEFAULT_TIMEOUT}.
   */
  public static final class Builder {
    private GatewayUrl url;
    private String basic;
    private String bearer;
    private Path caFile;
    private Path certFile;
    private Path keyFile;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * The gateway as {@code host:port} over plain HTTP, like the Python client's {@code gateway}
     * argument: {@code "localhost:9091"}, {@code "[::1]:9091"}. Replaces an earlier {@link
     * #url(String)}.
     *
     * @throws IllegalArgumentException if it is not {@code host:port} (a scheme or path belongs in
     *     {@link #url(String)})
     */
    public Builder address(String address) {
      this.url = GatewayUrl.ofAddress(Objects.requireNonNull(address, "address"));
      return this;
    }

    /**
     * The gateway's base URL, {@code http://} or {@code https://}, optionally with a path prefix
     * the gateway is served under: {@code "https://gw.example:9091/prefix"}. Replaces an earlier
     * {@link #address(String)}.
     *
     * @throws IllegalArgumentException if it is not an absolute http or https URL with a host, or
     *     has a query, fragment or user info (use {@link #basicAuth} for credentials)
     */
    public Builder url(String url) {
      this.url = GatewayUrl.ofUrl(Objects.requireNonNull(url, "url"));
      return this;
    }

    /**
     * HTTP basic authentication ({@code Authorization: Basic ...}, UTF-8) on every request.
     *
     * @throws IllegalArgumentException if {@code user} contains {@code :} or either contains a
     *     control character (the message never shows the password)
     */
    public Builder basicAuth(String user, String password) {
      this.basic =
          Credentials.basic(
              Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
      return this;
    }

    /**
     * A bearer token ({@code Authorization: Bearer <token>}) on every request.
     *
     * @throws IllegalArgumentException if the token is empty or contains whitespace or a control
     *     character (the message never shows the token)
     */
    public Builder bearerToken(String token) {
      this.bearer = Credentials.bearer(Objects.requireNonNull(token, "token"));
      return this;
    }

    /**
     * A PEM file of the CA certificates that may sign the gateway's certificate; these only are
     * trusted. Without it, HTTPS trusts the JDK's default CAs. Needs an {@code https://} URL.
     */
    public Builder caFile(Path caFile) {
      this.caFile = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    /**
     * A PEM file with the client certificate (chain, leaf first) for mutual TLS; needs {@link
     * #keyFile(Path)} and an {@code https://} URL.
     */
    public Builder certFile(Path certFile) {
      this.certFile = Objects.requireNonNull(certFile, "certFile");
      return this;
    }

    /**
     * The PEM file of the client certificate's private key (PKCS#8, PKCS#1 RSA or SEC1 EC, not
     * encrypted); needs {@link #certFile(Path)}.
     */
    public Builder keyFile(Path keyFile) {
      this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
      return this;
    }

    /**
     * The longest a call may take, connecting and reading the answer included; default 30 s.
     *
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The client. Reads the TLS files, if any.
     *
     * @throws IllegalStateException if neither address nor url is set, both basicAuth and
     *     bearerToken are, only one of certFile and keyFile is, or a TLS file is given for an
     *     {@code http://} gateway (no silent fallback to plain HTTP)
     * @throws IllegalArgumentException if a TLS file cannot be read or used; the message names the
     *     file, its role and the setting
     */
    public PushGateway build() {
      if (url == null) {
        throw new IllegalStateException(
            "no gateway: set address(\"host:port\") or url(\"http://host:port\")");
      }
      if (basic != null && bearer != null) {
        throw new IllegalStateException(
            "basicAuth and bearerToken are both set: a request carries one Authorization header");
      }
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalStateException(
            certFile == null
                ? "keyFile is set but certFile is not: mutual TLS needs both (keyFile "
                    + keyFile
                    + ")"
                : "certFile is set but keyFile is not: mutual TLS needs both (certFile "
                    + certFile
                    + ")");
      }
      boolean tlsFiles = caFile != null || certFile != null;
      if (tlsFiles && !url.https()) {
        throw new IllegalStateException(
            "caFile, certFile and keyFile need an https:// gateway, not " + url.base());
      }
      HttpClient.Builder client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(timeout);
      if (url.https()) {
        // without TLS files: the JDK's default context (its CAs, and the javax.net.ssl.* key
        // store if the application set one), with our protocol choice
        if (tlsFiles) {
          client.sslContext(ClientTls.context(caFile, certFile, keyFile));
        }
        client.sslParameters(ClientTls.parameters());
      }
      return new PushGateway(this, client.build());
    }
  }
}
