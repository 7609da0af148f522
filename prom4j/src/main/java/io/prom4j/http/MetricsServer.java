package io.prom4j.http;

import io.prom4j.CollectorRegistry;
import io.prom4j.internal.server.Engine;
import io.prom4j.internal.server.Limits;
import io.prom4j.internal.server.Listener;
import io.prom4j.internal.tls.ServerTls;
import io.prom4j.internal.tls.TlsSettings;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * <p>It answers every path as {@link ScrapeHandler} does (metrics on {@code GET}, {@code OPTIONS},
 * {@code /favicon.ico}, 405 for every other method, {@code # HTTP ...} error bodies); {@link
 * MetricsHandler} gives the same answers from an existing JDK {@code HttpServer}. The package
 * documentation lists where it differs from the Python client, on purpose.
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
 * Every file is read and checked at {@link Builder#start()}; rotated files are picked up without a
 * restart (the package documentation says how).
 */
public final class MetricsServer implements AutoCloseable {

  private final Engine engine;

  private MetricsServer(Engine engine) {
    this.engine = engine;
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
    return engine.address().getPort();
  }

  /**
   * The address and port the server listens on, such as {@code 0.0.0.0/0.0.0.0:8000} or {@code
   * /[0:0:0:0:0:0:0:0]:8000}.
   */
  public InetSocketAddress address() {
    return engine.address();
  }

  /**
   * The thread that accepts connections (a daemon). It ends when the server shuts down; {@code
   * shutdown(); thread().join();} is the Python client's {@code server.shutdown(); t.join()}.
   */
  public Thread thread() {
    return engine.acceptThread();
  }

  /**
   * Shuts the server down: stops accepting at once and releases the port, closes connections
   * waiting for a request, gives requests being answered the grace period ({@link
   * Builder#shutdownGracePeriod}, default 5 s) to finish, then closes whatever is left, and
   * returns. Idempotent; a concurrent call waits for the first to finish.
   */
  public void shutdown() {
    engine.shutdown();
  }

  /**
   * {@link #shutdown()}, then waits for the accept thread to end. Idempotent. If interrupted while
   * waiting, returns with the interrupt flag set.
   */
  @Override
  public void close() {
    shutdown();
    try {
      engine.acceptThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Open connections (tests and diagnostics). */
  int openConnections() {
    return engine.openConnections();
  }

  @Override
  public String toString() {
    return "MetricsServer["
        + Listener.format(engine.address().getAddress(), engine.address().getPort())
        + (engine.https() ? ", https" : ", http")
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
  public static final class Builder extends ServerOptions<Builder> {

    private String address = "0.0.0.0";
    private int port = -1;
    private CollectorRegistry registry;
    private boolean compression = true;
    private boolean createdSeries;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

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
     * Whether the text formats write {@code _created} series (default false; see {@link
     * ScrapeHandler.Builder#createdSeries(boolean)}). Protobuf always carries created timestamps.
     */
    public Builder createdSeries(boolean createdSeries) {
      this.createdSeries = createdSeries;
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
      Limits limits = limits();
      TlsSettings tlsSettings = tlsSettings();
      EngineAdapter endpoint =
          new EngineAdapter(
              ScrapeHandler.builder()
                  .registry(registry != null ? registry : CollectorRegistry.defaultRegistry())
                  .compression(compression)
                  .createdSeries(createdSeries)
                  .build());
      InetAddress inet = Listener.resolve(address);
      ServerTls tls = tlsSettings == null ? null : ServerTls.load(tlsSettings);
      return new MetricsServer(Engine.start(inet, port, limits, endpoint, tls));
    }
  }
}
