package io.prom4j.http;

import io.prom4j.CollectorRegistry;
import io.prom4j.internal.server.Acceptor;
import io.prom4j.internal.server.Connection;
import io.prom4j.internal.server.Limits;
import io.prom4j.internal.server.Listener;
import io.prom4j.internal.server.WorkerThreads;
import io.prom4j.internal.tls.ServerTls;
import io.prom4j.internal.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A small HTTP/1.1 server that exposes a registry's metrics: the counterpart of the Python client's
 * {@code start_http_server}.
 *
 * <pre>{@code
 * MetricsServer server = MetricsServer.start(8000);   // all IPv4 interfaces, default registry
 * ...
 * server.close();                                     // or shutdown() and thread().join()
 *
 * try (MetricsServer s = MetricsServer.builder()
 *     .address("127.0.0.1").port(0).registry(registry).start()) {
 *   int port = s.port();
 * }
 *
 * MetricsServer https = MetricsServer.builder().port(8443)     // HTTPS with mutual TLS
 *     .certFile(Path.of("server.crt")).keyFile(Path.of("server.key"))
 *     .clientAuthRequired(true).clientCaFile(Path.of("ca.crt"))
 *     .start();
 * }</pre>
 *
 * <p>It answers every path: {@code GET} gets the metrics (format negotiated from {@code Accept},
 * filtered by {@code name[]} query parameters, gzipped when the client accepts it), {@code GET
 * /favicon.ico} an empty 200, {@code OPTIONS} a 200 with {@code Allow: OPTIONS,GET}, and every
 * other method a 405 with the same {@code Allow} and a body such as {@code # HTTP 405 Method Not
 * Allowed: POST; use OPTIONS or GET}. Errors are always a line {@code # HTTP <code> <reason>:
 * <what>; <hint>}; a collector that throws gives a 500 that names no internals, and the cause is
 * logged (System.Logger {@code io.prom4j.http}, WARNING). {@link MetricsHandler} gives the same
 * answers from an existing JDK {@code HttpServer}.
 *
 * <p>Each connection has its own thread (a virtual thread on Java 21 and later, else a daemon
 * platform thread), so a slow or hostile client never delays a scrape; the accept loop never waits
 * on a client (TLS handshakes run on the connection's thread). Connections are kept alive
 * (HTTP/1.1, and HTTP/1.0 with {@code Connection: keep-alive}); every response is sent with a
 * {@code Content-Length}, head and body in one write, on sockets with {@code TCP_NODELAY}. All
 * threads are daemons: the server never keeps the JVM alive. Nothing JVM-wide is changed.
 *
 * <table>
 *   <caption>Limits and their defaults (builder options)</caption>
 *   <tr><th>Option</th><th>Default</th><th>Past it</th></tr>
 *   <tr><td>{@link Builder#maxRequestLineBytes}</td><td>8 KiB</td><td>414, close</td></tr>
 *   <tr><td>{@link Builder#maxHeadBytes} (request line and headers)</td><td>16 KiB</td>
 *       <td>431, close</td></tr>
 *   <tr><td>{@link Builder#maxHeaders}</td><td>100</td><td>431, close</td></tr>
 *   <tr><td>{@link Builder#maxQueryBytes}</td><td>4 KiB</td><td>414, close</td></tr>
 *   <tr><td>{@link Builder#headTimeout} (whole head, TLS handshake included)</td><td>10 s</td>
 *       <td>408, close</td></tr>
 *   <tr><td>{@link Builder#idleTimeout} (keep-alive wait for the next request)</td>
 *       <td>60 s</td><td>close</td></tr>
 *   <tr><td>{@link Builder#writeTimeout} (sending one response)</td><td>30 s</td>
 *       <td>connection cut</td></tr>
 *   <tr><td>{@link Builder#maxConnections}</td><td>2048</td><td>new connection gets a 503
 *       (TLS: nothing) and is closed, never queued</td></tr>
 *   <tr><td>{@link Builder#shutdownGracePeriod}</td><td>5 s</td><td>in-flight requests are
 *       cut</td></tr>
 * </table>
 *
 * <p>Requests are parsed strictly (malformed request lines, bad header syntax, control characters,
 * both {@code Content-Length} and {@code Transfer-Encoding}, a missing {@code Host} in HTTP/1.1:
 * 400 and close). A request body is never read: a request that announces one is answered (405 for
 * methods other than GET and OPTIONS, else 400) and the connection is closed. {@code HEAD} gets the
 * 405 head with the {@code Content-Length} of the 405 body, and no body.
 *
 * <p>HTTPS is on when both {@link Builder#certFile} and {@link Builder#keyFile} are set (PEM files;
 * key formats at {@link Builder#keyFile}); {@link Builder#clientAuthRequired} adds mutual TLS.
 * Every file is read and checked at {@link Builder#start()}, which fails with a message naming the
 * file, its role and the setting. Protocols are TLS 1.2 and 1.3, or one of them ({@link
 * Builder#tlsMinVersion}/{@link Builder#tlsMaxVersion}); TLS 1.2 offers only ECDHE suites with
 * AES-GCM or ChaCha20-Poly1305. Rotation needs no restart: when a new connection arrives, the files
 * are checked for changes at most once a second, and new handshakes use the new material; existing
 * connections keep theirs. A replacement that does not load (a half-written file, a key that does
 * not match) is ignored, the last good material stays in use, and one WARNING is logged
 * (System.Logger {@code io.prom4j.http.ServerTls}) until the files load again. Handshakes run on
 * the connection's thread under {@link Builder#headTimeout}; a refused client (no certificate, an
 * untrusted or expired one, an unsupported protocol) gets the TLS alert that says why, then the
 * connection is half-closed and drained briefly so that no TCP reset overtakes the alert. Each
 * server has its own {@code SSLContext}; the JVM's default one is never used or changed.
 *
 * <p>Deliberate differences from the Python client: an IPv4 address such as {@code 0.0.0.0} listens
 * on IPv4 only and {@code ::} is always dual-stack (the JDK opens IPv6 sockets with {@code
 * IPV6_V6ONLY} off); HTTP/1.1 keep-alive instead of one HTTP/1.0 response per connection; errors,
 * including 500s, use the {@code # HTTP ...} body (Python sends wsgiref's generic page for a 500);
 * error bodies carry {@code Content-Type: text/plain; charset=utf-8}; {@code HEAD} gets no body; a
 * malformed {@code name[]} query gets a 400; metrics responses carry {@code Vary}; half-configured
 * TLS fails at {@link Builder#start()} instead of silently serving plain HTTP; rotated TLS files
 * are picked up without a restart (Python reads them once); TLS handshakes never run on the accept
 * thread (in Python one silent client blocks every HTTPS scrape); encrypted keys are accepted
 * ({@link Builder#keyPassword}); gzip can be turned off ({@link Builder#compression}).
 */
public final class MetricsServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");

  private final Acceptor acceptor;
  private final Thread acceptThread;
  private final InetSocketAddress address;
  private final ServerTls tls;
  private final Object lifecycle = new Object();
  private boolean shutDown; // guarded by lifecycle

  private MetricsServer(
      Acceptor acceptor, Thread acceptThread, InetSocketAddress address, ServerTls tls) {
    this.acceptor = acceptor;
    this.acceptThread = acceptThread;
    this.address = address;
    this.tls = tls;
  }

  /**
   * Starts a server for the default registry on all IPv4 interfaces ({@code 0.0.0.0}), like the
   * Python client's {@code start_http_server(port)}. The port is listening when this returns.
   *
   * @param port the TCP port, 0 for a free one (read it back with {@link #port()})
   * @throws IllegalArgumentException if the port is not in 0..65535
   * @throws UncheckedIOException naming the address and port if they cannot be bound (the cause is
   *     a {@link java.net.BindException} when the port is in use)
   */
  public static MetricsServer start(int port) {
    return builder().port(port).start();
  }

  /** A builder for a server with non-default settings; {@link Builder#port} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (the chosen one if 0 was asked for). */
  public int port() {
    return address.getPort();
  }

  /**
   * The address and port the server listens on, such as {@code 0.0.0.0/0.0.0.0:8000} or {@code
   * /[0:0:0:0:0:0:0:0]:8000}.
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * The thread that accepts connections (a daemon). It ends when the server shuts down; {@code
   * shutdown(); thread().join();} is the Python client's {@code server.shutdown(); t.join()}.
   */
  public Thread thread() {
    return acceptThread;
  }

  /**
   * Shuts the server down: stops accepting at once and releases the port, closes connections
   * waiting for a request, gives requests being answered the grace period ({@link
   * Builder#shutdownGracePeriod}, default 5 s) to finish, then closes whatever is left, and
   * returns. Idempotent; a concurrent call waits for the first to finish.
   */
  public void shutdown() {
    synchronized (lifecycle) {
      if (shutDown) {
        return;
      }
      shutDown = true;
      try {
        acceptor.shutdown(acceptThread);
      } finally {
        if (tls != null) {
          tls.close();
        }
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "stopped listening on {0}", address);
  }

  /**
   * {@link #shutdown()}, then waits for the accept thread to end. Idempotent. If interrupted while
   * waiting, returns with the interrupt flag set.
   */
  @Override
  public void close() {
    shutdown();
    try {
      acceptThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Open connections (tests and diagnostics). */
  int openConnections() {
    return acceptor.openConnections();
  }

  @Override
  public String toString() {
    return "MetricsServer["
        + Listener.format(address.getAddress(), address.getPort())
        + (tls != null ? ", https" : ", http")
        + "]";
  }

  /**
   * Settings for a {@link MetricsServer}; {@link #start()} validates them together and starts the
   * server. Setters validate their own value. Not thread-safe; reusable.
   *
   * <p>HTTPS is on when both {@link #certFile} and {@link #keyFile} are set. Giving only one of
   * them, or any other TLS setting without both, is an error at {@link #start()}: unlike the Python
   * client, prom4j never quietly serves plain HTTP when TLS was asked for.
   */
  public static final class Builder {

    private String address = "0.0.0.0";
    private int port = -1;
    private CollectorRegistry registry;
    private boolean compression = true;
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

    private Builder() {}

    /**
     * The address to listen on (default {@code 0.0.0.0}: all IPv4 interfaces). {@code ::} listens
     * on all interfaces over IPv6 and IPv4. A host name is resolved at {@link #start()} and its
     * first address is used, as the Python client does.
     *
     * @throws IllegalArgumentException if empty
     */
    public Builder address(String address) {
      Objects.requireNonNull(address, "address");
      if (address.isBlank()) {
        throw new IllegalArgumentException(
            "address must not be empty: use 0.0.0.0 for all IPv4 interfaces or :: for all");
      }
      this.address = address;
      return this;
    }

    /**
     * The TCP port; 0 picks a free one. Required.
     *
     * @throws IllegalArgumentException if not in 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The registry to serve (default {@link CollectorRegistry#defaultRegistry()}). */
    public Builder registry(CollectorRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Whether to gzip responses for clients that accept it (default true). */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Longest request line (method, target and version) in bytes (default 8192); longer ones are
     * answered 414.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxRequestLineBytes(int bytes) {
      this.maxRequestLineBytes = positive("maxRequestLineBytes", bytes);
      return this;
    }

    /**
     * Longest request head (request line and header lines, line ends and the closing blank line
     * included) in bytes (default 16384); longer ones are answered 431.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxHeadBytes(int bytes) {
      this.maxHeadBytes = positive("maxHeadBytes", bytes);
      return this;
    }

    /**
     * Most header lines in a request (default 100); more are answered 431.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxHeaders(int count) {
      this.maxHeaders = positive("maxHeaders", count);
      return this;
    }

    /**
     * Longest query string in bytes (default 4096); longer ones are answered 414.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxQueryBytes(int bytes) {
      this.maxQueryBytes = positive("maxQueryBytes", bytes);
      return this;
    }

    /**
     * Time a client has to send a whole request head (default 10 s): from the accept, TLS handshake
     * included, for a connection's first request, and from the first byte for later ones. A client
     * that trickles its head is answered 408 and cut off.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder headTimeout(Duration timeout) {
      this.headTimeout = positive("headTimeout", timeout);
      return this;
    }

    /**
     * Time a kept-alive connection may wait for its next request (default 60 s).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /**
     * Time to send one response (default 30 s); a client that stops reading is cut off and its
     * thread freed.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive("writeTimeout", timeout);
      return this;
    }

    /**
     * Most open connections (default 2048). Past it a new connection is answered 503 (over HTTPS
     * just closed) without reading it, never queued.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxConnections(int count) {
      this.maxConnections = positive("maxConnections", count);
      return this;
    }

    /**
     * Time {@link MetricsServer#shutdown()} gives requests being answered (default 5 s).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder shutdownGracePeriod(Duration grace) {
      Objects.requireNonNull(grace, "shutdownGracePeriod");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("shutdownGracePeriod must not be negative: " + grace);
      }
      this.shutdownGracePeriod = grace;
      return this;
    }

    /**
     * PEM file with the server's certificate chain: the server certificate first, then any
     * intermediates (the root may be left out). With {@link #keyFile} it turns HTTPS on; one
     * without the other fails at {@link #start()}. May be the same file as the key (a combined
     * PEM). Default: none (plain HTTP). Read at {@code start()} and again whenever it changes.
     *
     * @throws NullPointerException if null
     */
    public Builder certFile(Path certFile) {
      this.certFile = Objects.requireNonNull(certFile, "certFile");
      return this;
    }

    /**
     * PEM file with the private key of the server certificate: PKCS#8 ({@code BEGIN PRIVATE KEY}),
     * encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}, see {@link #keyPassword}), PKCS#1 RSA
     * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}); RSA, EC (named
     * curves), Ed25519 and Ed448 keys. Legacy OpenSSL encryption ({@code Proc-Type: 4,ENCRYPTED})
     * is refused with a hint to convert the key. With {@link #certFile} it turns HTTPS on. Default:
     * none. Read at {@code start()} and again whenever it changes; a key that does not match the
     * certificate fails {@code start()}.
     *
     * @throws NullPointerException if null
     */
    public Builder keyFile(Path keyFile) {
      this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
      return this;
    }

    /**
     * Password of an encrypted PKCS#8 key file (PBES2 with PBKDF2 and AES, what {@code openssl
     * pkcs8 -topk8} writes). The array is copied, so clear yours when you like; the builder keeps a
     * copy, and each server it starts keeps one for reloads and clears it at shutdown. Default:
     * none.
     *
     * @throws NullPointerException if null
     */
    public Builder keyPassword(char[] keyPassword) {
      this.keyPassword = Objects.requireNonNull(keyPassword, "keyPassword").clone();
      return this;
    }

    /**
     * Whether every client must present a certificate signed by a trusted client CA: mutual TLS
     * (default false: no client certificate is requested). Trusted are the CAs of {@link
     * #clientCaFile} and {@link #clientCaPath} together or, when neither is set, the JDK's default
     * trust store, like the Python client's {@code load_default_certs()}: then any client
     * certificate from a publicly trusted CA is admitted, and {@code start()} logs a WARNING saying
     * so (set {@code clientCaFile} or {@code clientCaPath} to restrict it). A client without a
     * certificate gets the {@code bad_certificate} alert, one with an untrusted or expired
     * certificate {@code certificate_unknown}. Host names in client certificates are not checked
     * (nor are they by the Python client).
     */
    public Builder clientAuthRequired(boolean required) {
      this.clientAuthRequired = required;
      return this;
    }

    /**
     * PEM file of CA certificates trusted to sign client certificates (one or more). Only used with
     * {@link #clientAuthRequired clientAuthRequired(true)}; without it no client certificate is
     * requested and {@code start()} logs a WARNING, but the file is still read and must be valid.
     * Default: none. Re-read whenever it changes.
     *
     * @throws NullPointerException if null
     */
    public Builder clientCaFile(Path clientCaFile) {
      this.clientCaFile = Objects.requireNonNull(clientCaFile, "clientCaFile");
      return this;
    }

    /**
     * Directory of PEM CA certificates trusted to sign client certificates: every certificate in
     * its regular files (symbolic links followed, so OpenSSL {@code c_rehash} directories work;
     * files without a certificate are skipped; at least one certificate is required). Combines with
     * {@link #clientCaFile}. Only used with {@link #clientAuthRequired clientAuthRequired(true)},
     * like {@code clientCaFile}. Default: none. A file added, changed or removed is picked up
     * without a restart.
     *
     * @throws NullPointerException if null
     */
    public Builder clientCaPath(Path clientCaPath) {
      this.clientCaPath = Objects.requireNonNull(clientCaPath, "clientCaPath");
      return this;
    }

    /**
     * Lowest TLS version accepted: {@code TLSv1.2} (default) or {@code TLSv1.3}. A minimum above
     * {@link #tlsMaxVersion} fails at {@link #start()}.
     *
     * @throws IllegalArgumentException for any other value, at once; {@code TLSv1} and {@code
     *     TLSv1.1} too, with the reason: TLS 1.0 and 1.1 have no modern cipher suite and the JDK
     *     disables them, so they could never complete a handshake
     */
    public Builder tlsMinVersion(String version) {
      this.tlsMinVersion = TlsSettings.checkVersion("tlsMinVersion", version);
      return this;
    }

    /**
     * Highest TLS version accepted: {@code TLSv1.2} or {@code TLSv1.3} (default).
     *
     * @throws IllegalArgumentException for any other value, at once; {@code TLSv1} and {@code
     *     TLSv1.1} too, as for {@link #tlsMinVersion}
     */
    public Builder tlsMaxVersion(String version) {
      this.tlsMaxVersion = TlsSettings.checkVersion("tlsMaxVersion", version);
      return this;
    }

    /**
     * Checks the settings, loads TLS material if configured, binds the port, and starts serving.
     * The port is listening when this returns.
     *
     * @throws IllegalStateException if the port was not set, if the settings conflict (only one of
     *     certFile and keyFile; another TLS setting without both; tlsMinVersion above
     *     tlsMaxVersion; maxRequestLineBytes above maxHeadBytes)
     * @throws IllegalArgumentException if the address cannot be resolved, or TLS material is
     *     missing, unreadable or inconsistent (the message names the file, its role and the
     *     setting, such as {@code Cannot load server private key file 'server.key' (keyFile): no
     *     such file}); nothing is left bound or running
     * @throws UncheckedIOException naming the address and port if they cannot be bound (the cause
     *     is a {@link java.net.BindException} when the port is in use)
     */
    public MetricsServer start() {
      if (port < 0) {
        throw new IllegalStateException("port is not set: call port(int); 0 picks a free one");
      }
      if (maxRequestLineBytes > maxHeadBytes) {
        throw new IllegalStateException(
            "maxRequestLineBytes ("
                + maxRequestLineBytes
                + ") must not exceed maxHeadBytes ("
                + maxHeadBytes
                + ")");
      }
      TlsSettings tlsSettings = tlsSettings();
      Limits limits =
          new Limits(
              maxRequestLineBytes,
              maxHeadBytes,
              maxHeaders,
              maxQueryBytes,
              headTimeout.toNanos(),
              idleTimeout.toNanos(),
              writeTimeout.toNanos(),
              maxConnections,
              shutdownGracePeriod.toNanos());
      EngineAdapter endpoint =
          new EngineAdapter(
              ScrapeHandler.builder()
                  .registry(registry != null ? registry : CollectorRegistry.defaultRegistry())
                  .compression(compression)
                  .build());
      InetAddress inet = Listener.resolve(address);
      ServerTls tls = tlsSettings == null ? null : ServerTls.load(tlsSettings);
      ServerSocketChannel channel;
      try {
        channel = Listener.open(inet, port);
      } catch (RuntimeException e) {
        if (tls != null) {
          tls.close();
        }
        throw e;
      }
      InetSocketAddress bound;
      try {
        bound = (InetSocketAddress) channel.getLocalAddress();
      } catch (IOException e) {
        Connection.closeQuietly(channel);
        if (tls != null) {
          tls.close();
        }
        throw new UncheckedIOException(e);
      }
      String name = "prom4j-http-" + bound.getPort();
      Acceptor acceptor =
          new Acceptor(channel, limits, endpoint, tls, WorkerThreads.factory(name + "-worker-"));
      Thread acceptThread = new Thread(acceptor, name + "-accept");
      acceptThread.setDaemon(true);
      acceptor.startWatchdog(name + "-watchdog");
      acceptThread.start();
      LOG.log(
          System.Logger.Level.DEBUG,
          "listening on {0} ({1})",
          bound,
          tls != null ? "https" : "http");
      return new MetricsServer(acceptor, acceptThread, bound, tls);
    }

    /** The TLS settings, null for plain HTTP; throws for half-configured TLS. */
    private TlsSettings tlsSettings() {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalStateException(
            (certFile == null
                    ? "certFile is missing: keyFile " + keyFile + " is set"
                    : "keyFile is missing: certFile " + certFile + " is set")
                + "; HTTPS needs both, and prom4j refuses to fall back to plain HTTP"
                + " (the Python client silently does)");
      }
      if (certFile == null) {
        String orphan =
            clientAuthRequired
                ? "clientAuthRequired"
                : clientCaFile != null
                    ? "clientCaFile"
                    : clientCaPath != null
                        ? "clientCaPath"
                        : keyPassword != null
                            ? "keyPassword"
                            : tlsMinVersion != null
                                ? "tlsMinVersion"
                                : tlsMaxVersion != null ? "tlsMaxVersion" : null;
        if (orphan != null) {
          throw new IllegalStateException(
              orphan
                  + " is set but certFile and keyFile are not;"
                  + " TLS settings need HTTPS, and prom4j refuses to serve plain HTTP instead");
        }
        return null;
      }
      return new TlsSettings(
          certFile,
          keyFile,
          keyPassword == null ? null : keyPassword.clone(),
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
}
