package io.prom4j.http;

import io.prom4j.internal.server.Limits;
import io.prom4j.internal.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits, deadlines and TLS settings of {@link MetricsServer.Builder}, apart from the few
 * settings that say what to serve and where, so that each file keeps one job. Setters validate
 * their own value; {@link #limits()} and {@link #tlsSettings()} check the combinations.
 *
 * @param <B> the builder type the setters return
 */
abstract class ServerOptions<B extends ServerOptions<B>> {

  private int maxRequestLineBytes = Limits.DEFAULT_MAX_REQUEST_LINE_BYTES;
  private int maxHeadBytes = Limits.DEFAULT_MAX_HEAD_BYTES;
  private int maxHeaders = Limits.DEFAULT_MAX_HEADERS;
  private int maxQueryBytes = Limits.DEFAULT_MAX_QUERY_BYTES;
  private Duration headTimeout = Limits.DEFAULT_HEAD_TIMEOUT;
  private Duration idleTimeout = Limits.DEFAULT_IDLE_TIMEOUT;
  private Duration writeTimeout = Limits.DEFAULT_WRITE_TIMEOUT;
  private int maxConnections = Limits.DEFAULT_MAX_CONNECTIONS;
  private Duration shutdownGracePeriod = Limits.DEFAULT_SHUTDOWN_GRACE;
  private Duration maxConnectionAge;
  private int minWriteRate = Limits.DEFAULT_MIN_WRITE_BYTES_PER_SECOND;
  private int maxScrapesInFlight = ScrapeGate.DEFAULT_MAX_IN_FLIGHT;
  private Duration scrapeTimeout = ScrapeGate.DEFAULT_TIMEOUT;
  private Path certFile;
  private Path keyFile;
  private char[] keyPassword;
  private boolean clientAuthRequired;
  private Path clientCaFile;
  private Path clientCaPath;
  private String tlsMinVersion;
  private String tlsMaxVersion;

  /**
   * Longest request line (method, target and version) in bytes (default 8192); longer ones are
   * answered 414.
   *
   * @throws IllegalArgumentException if not in 1..1048576
   */
  public B maxRequestLineBytes(int bytes) {
    this.maxRequestLineBytes = inRange("maxRequestLineBytes", bytes, Limits.MAX_LINE_OR_HEAD_BYTES);
    return self();
  }

  /**
   * Longest request head (request line and header lines, line ends and the closing blank line
   * included) in bytes (default 16384); longer ones are answered 431.
   *
   * @throws IllegalArgumentException if not in 1..1048576
   */
  public B maxHeadBytes(int bytes) {
    this.maxHeadBytes = inRange("maxHeadBytes", bytes, Limits.MAX_LINE_OR_HEAD_BYTES);
    return self();
  }

  /**
   * Most header lines in a request (default 100); more are answered 431.
   *
   * @throws IllegalArgumentException if not in 1..10000
   */
  public B maxHeaders(int count) {
    this.maxHeaders = inRange("maxHeaders", count, Limits.MAX_HEADERS);
    return self();
  }

  /**
   * Longest query string in bytes (default 4096); longer ones are answered 414.
   *
   * @throws IllegalArgumentException if not in 1..1048576
   */
  public B maxQueryBytes(int bytes) {
    this.maxQueryBytes = inRange("maxQueryBytes", bytes, Limits.MAX_LINE_OR_HEAD_BYTES);
    return self();
  }

  /**
   * Time a client has to send a whole request head (default 10 s): from the accept, TLS handshake
   * included, for a connection's first request, and from the first byte for later ones. A client
   * that trickles its head is answered 408 and cut off.
   *
   * @throws IllegalArgumentException if not positive or longer than a day
   */
  public B headTimeout(Duration timeout) {
    this.headTimeout = positive("headTimeout", timeout);
    return self();
  }

  /**
   * Time a kept-alive connection may wait for its next request (default 60 s).
   *
   * @throws IllegalArgumentException if not positive or longer than a day
   */
  public B idleTimeout(Duration timeout) {
    this.idleTimeout = positive("idleTimeout", timeout);
    return self();
  }

  /**
   * Longest time for any one write to the client (default 30 s); together with {@link
   * #minWriteRate} it cuts a client that stops reading and frees its thread.
   *
   * @throws IllegalArgumentException if not positive or longer than a day
   */
  public B writeTimeout(Duration timeout) {
    this.writeTimeout = positive("writeTimeout", timeout);
    return self();
  }

  /**
   * Most open connections (default 256 on Java 17 to 20, where each connection holds a platform
   * thread; 4096 on Java 21 and later, where it holds a virtual thread). At the limit a new
   * connection makes room by evicting one that does nothing: the one idle the longest between
   * requests, else the one whose TLS handshake or request head has taken longest so far. Only when
   * every connection is answering a request is the new one answered 503 with {@code Retry-After: 1}
   * (over HTTPS just closed), never queued. So clients that connect and do nothing cannot lock
   * scrapers out.
   *
   * @throws IllegalArgumentException if not in 1..1000000
   */
  public B maxConnections(int count) {
    this.maxConnections = inRange("maxConnections", count, Limits.MAX_CONNECTIONS);
    return self();
  }

  /**
   * Age after which a connection is closed when it is next idle (default: no limit); the answer
   * that ends it says {@code Connection: close}. Over HTTPS this bounds how long a connection that
   * is never idle long enough to be retired otherwise keeps an authorization that a change of
   * client CAs has withdrawn, or a rotated-out certificate.
   *
   * @throws IllegalArgumentException if not positive or longer than a day
   */
  public B maxConnectionAge(Duration age) {
    this.maxConnectionAge = positive("maxConnectionAge", age);
    return self();
  }

  /**
   * The slowest a client may read a response, in bytes per second (default 65536). Each write to
   * the client must complete within one second plus its size at this rate (a large body is sent in
   * 256 KiB chunks), and never later than {@link #writeTimeout}: a client that stops reading is cut
   * within seconds, while one that reads steadily may take as long as a large exposition needs.
   *
   * @throws IllegalArgumentException if not in 1..1073741824
   */
  public B minWriteRate(int bytesPerSecond) {
    this.minWriteRate = inRange("minWriteRate", bytesPerSecond, 1 << 30);
    return self();
  }

  /**
   * Most scrapes that collect and render at once (default: the number of cores, at least 2 and at
   * most 4); see {@link ScrapeHandler.Builder#maxScrapesInFlight}.
   *
   * @throws IllegalArgumentException if not in 1..1024
   */
  public B maxScrapesInFlight(int count) {
    ScrapeHandler.builder().maxScrapesInFlight(count); // validates
    this.maxScrapesInFlight = count;
    return self();
  }

  /**
   * Deadline of a scrape without an {@code X-Prometheus-Scrape-Timeout-Seconds} header (default 10
   * s); see {@link ScrapeHandler.Builder#scrapeTimeout}.
   *
   * @throws IllegalArgumentException if not positive or above 2 minutes
   */
  public B scrapeTimeout(Duration timeout) {
    ScrapeHandler.builder().scrapeTimeout(timeout); // validates
    this.scrapeTimeout = timeout;
    return self();
  }

  /**
   * Time {@link MetricsServer#shutdown()} gives requests being answered (default 5 s).
   *
   * @throws IllegalArgumentException if negative or longer than a day
   */
  public B shutdownGracePeriod(Duration grace) {
    Objects.requireNonNull(grace, "shutdownGracePeriod");
    if (grace.isNegative() || grace.compareTo(Limits.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "shutdownGracePeriod must be in 0.." + Limits.MAX_DURATION + ": " + grace);
    }
    this.shutdownGracePeriod = grace;
    return self();
  }

  /**
   * PEM file with the server's certificate chain: the server certificate first, then any
   * intermediates (the root may be left out). With {@link #keyFile} it turns HTTPS on; one without
   * the other fails at {@link MetricsServer.Builder#start()}. May be the same file as the key (a
   * combined PEM). Default: none (plain HTTP). Read at {@code start()} and again whenever it
   * changes.
   *
   * @throws NullPointerException if null
   */
  public B certFile(Path certFile) {
    this.certFile = Objects.requireNonNull(certFile, "certFile");
    return self();
  }

  /**
   * PEM file with the private key of the server certificate: PKCS#8 ({@code BEGIN PRIVATE KEY}),
   * encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, see {@link #keyPassword}), PKCS#1 RSA
   * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}); RSA, EC (named
   * curves), Ed25519 and Ed448 keys. Legacy OpenSSL encryption ({@code Proc-Type: 4,ENCRYPTED}) is
   * refused with a hint to convert the key. With {@link #certFile} it turns HTTPS on. Default:
   * none. Read at {@code start()} and again whenever it changes; a key that does not match the
   * certificate fails {@code start()}.
   *
   * @throws NullPointerException if null
   */
  public B keyFile(Path keyFile) {
    this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
    return self();
  }

  /**
   * Password of an encrypted PKCS#8 key file (PBES2 with PBKDF2 and AES, what {@code openssl pkcs8
   * -topk8} writes). The array is copied, so clear yours when you like; the builder keeps a copy,
   * and each server it starts keeps one for reloads and clears it at shutdown. Default: none.
   *
   * @throws NullPointerException if null
   */
  public B keyPassword(char[] keyPassword) {
    this.keyPassword = Objects.requireNonNull(keyPassword, "keyPassword").clone();
    return self();
  }

  /**
   * Whether every client must present a certificate signed by a trusted client CA: mutual TLS
   * (default false: no client certificate is requested). Trusted are the CAs of {@link
   * #clientCaFile} and {@link #clientCaPath} together or, when neither is set, the JDK's default
   * trust store, like the Python client's {@code load_default_certs()}: then any client certificate
   * from a publicly trusted CA is admitted, and {@code start()} logs a WARNING saying so (set
   * {@code clientCaFile} or {@code clientCaPath} to restrict it). A client without a certificate
   * gets the {@code bad_certificate} alert, one with an untrusted or expired certificate {@code
   * certificate_unknown}. Host names in client certificates are not checked (nor are they by the
   * Python client).
   */
  public B clientAuthRequired(boolean required) {
    this.clientAuthRequired = required;
    return self();
  }

  /**
   * PEM file of CA certificates trusted to sign client certificates (one or more). Only used with
   * {@link #clientAuthRequired clientAuthRequired(true)}; without it no client certificate is
   * requested and {@code start()} logs a WARNING, but the file is still read and must be valid.
   * Default: none. Re-read whenever it changes.
   *
   * @throws NullPointerException if null
   */
  public B clientCaFile(Path clientCaFile) {
    this.clientCaFile = Objects.requireNonNull(clientCaFile, "clientCaFile");
    return self();
  }

  /**
   * Directory of PEM CA certificates trusted to sign client certificates: every certificate in its
   * regular files (symbolic links followed, so OpenSSL {@code c_rehash} directories work; files
   * without a certificate are skipped; at least one certificate is required). Combines with {@link
   * #clientCaFile}. Only used with {@link #clientAuthRequired clientAuthRequired(true)}, like
   * {@code clientCaFile}. Default: none. A file added, changed or removed is picked up without a
   * restart.
   *
   * @throws NullPointerException if null
   */
  public B clientCaPath(Path clientCaPath) {
    this.clientCaPath = Objects.requireNonNull(clientCaPath, "clientCaPath");
    return self();
  }

  /**
   * Lowest TLS version accepted: {@code TLSv1.2} (default) or {@code TLSv1.3}. A minimum above
   * {@link #tlsMaxVersion} fails at {@link MetricsServer.Builder#start()}.
   *
   * @throws IllegalArgumentException for any other value, at once; {@code TLSv1} and {@code
   *     TLSv1.1} too, with the reason: TLS 1.0 and 1.1 have no modern cipher suite and the JDK
   *     disables them, so they could never complete a handshake
   */
  public B tlsMinVersion(String version) {
    this.tlsMinVersion = TlsSettings.checkVersion("tlsMinVersion", version);
    return self();
  }

  /**
   * Highest TLS version accepted: {@code TLSv1.2} or {@code TLSv1.3} (default).
   *
   * @throws IllegalArgumentException for any other value, at once; {@code TLSv1} and {@code
   *     TLSv1.1} too, as for {@link #tlsMinVersion}
   */
  public B tlsMaxVersion(String version) {
    this.tlsMaxVersion = TlsSettings.checkVersion("tlsMaxVersion", version);
    return self();
  }

  /** The builder itself, for chaining. */
  abstract B self();

  /**
   * The engine's limits.
   *
   * @throws IllegalStateException if maxRequestLineBytes exceeds maxHeadBytes
   */
  Limits limits() {
    if (maxRequestLineBytes > maxHeadBytes) {
      throw new IllegalStateException(
          "maxRequestLineBytes ("
              + maxRequestLineBytes
              + ") must not exceed maxHeadBytes ("
              + maxHeadBytes
              + ")");
    }
    return new Limits(
        maxRequestLineBytes,
        maxHeadBytes,
        maxHeaders,
        maxQueryBytes,
        headTimeout.toNanos(),
        idleTimeout.toNanos(),
        writeTimeout.toNanos(),
        maxConnections,
        shutdownGracePeriod.toNanos(),
        maxConnectionAge == null ? 0 : maxConnectionAge.toNanos(),
        minWriteRate);
  }

  /** The scrape core's options of these settings, applied to {@code handler}. */
  ScrapeHandler.Builder scrapeOptions(ScrapeHandler.Builder handler) {
    return handler
        .maxQueryLength(maxQueryBytes)
        .maxScrapesInFlight(maxScrapesInFlight)
        .scrapeTimeout(scrapeTimeout);
  }

  /** The TLS settings, null for plain HTTP; throws for half-configured TLS. */
  TlsSettings tlsSettings() {
    return TlsSettings.of(
        certFile,
        keyFile,
        keyPassword,
        clientAuthRequired,
        clientCaFile,
        clientCaPath,
        tlsMinVersion,
        tlsMaxVersion);
  }

  private static int inRange(String name, int value, int max) {
    if (value <= 0 || value > max) {
      throw new IllegalArgumentException(name + " must be in 1.." + max + ": " + value);
    }
    return value;
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    if (value.compareTo(Limits.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          name + " must be at most " + Limits.MAX_DURATION + ": " + value);
    }
    return value;
  }
}
