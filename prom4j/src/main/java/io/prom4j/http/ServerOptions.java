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
   * @throws IllegalArgumentException if not positive
   */
  public B maxRequestLineBytes(int bytes) {
    this.maxRequestLineBytes = positive("maxRequestLineBytes", bytes);
    return self();
  }

  /**
   * Longest request head (request line and header lines, line ends and the closing blank line
   * included) in bytes (default 16384); longer ones are answered 431.
   *
   * @throws IllegalArgumentException if not positive
   */
  public B maxHeadBytes(int bytes) {
    this.maxHeadBytes = positive("maxHeadBytes", bytes);
    return self();
  }

  /**
   * Most header lines in a request (default 100); more are answered 431.
   *
   * @throws IllegalArgumentException if not positive
   */
  public B maxHeaders(int count) {
    this.maxHeaders = positive("maxHeaders", count);
    return self();
  }

  /**
   * Longest query string in bytes (default 4096); longer ones are answered 414.
   *
   * @throws IllegalArgumentException if not positive
   */
  public B maxQueryBytes(int bytes) {
    this.maxQueryBytes = positive("maxQueryBytes", bytes);
    return self();
  }

  /**
   * Time a client has to send a whole request head (default 10 s): from the accept, TLS handshake
   * included, for a connection's first request, and from the first byte for later ones. A client
   * that trickles its head is answered 408 and cut off.
   *
   * @throws IllegalArgumentException if not positive
   */
  public B headTimeout(Duration timeout) {
    this.headTimeout = positive("headTimeout", timeout);
    return self();
  }

  /**
   * Time a kept-alive connection may wait for its next request (default 60 s).
   *
   * @throws IllegalArgumentException if not positive
   */
  public B idleTimeout(Duration timeout) {
    this.idleTimeout = positive("idleTimeout", timeout);
    return self();
  }

  /**
   * Time to send one response (default 30 s); a client that stops reading is cut off and its thread
   * freed.
   *
   * @throws IllegalArgumentException if not positive
   */
  public B writeTimeout(Duration timeout) {
    this.writeTimeout = positive("writeTimeout", timeout);
    return self();
  }

  /**
   * Most open connections (default 2048). Past it a new connection is answered 503 (over HTTPS just
   * closed) without reading it, never queued.
   *
   * @throws IllegalArgumentException if not positive
   */
  public B maxConnections(int count) {
    this.maxConnections = positive("maxConnections", count);
    return self();
  }

  /**
   * Time {@link MetricsServer#shutdown()} gives requests being answered (default 5 s).
   *
   * @throws IllegalArgumentException if negative
   */
  public B shutdownGracePeriod(Duration grace) {
    Objects.requireNonNull(grace, "shutdownGracePeriod");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("shutdownGracePeriod must not be negative: " + grace);
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
        shutdownGracePeriod.toNanos());
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

  private static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }
}
