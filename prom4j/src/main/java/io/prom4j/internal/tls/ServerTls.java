package io.prom4j.internal.tls;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Server-side TLS for the engine: loads PEM material, builds the SSL context, wraps accepted
 * sockets, and reloads rotated files.
 *
 * <p>Implementation notes. The current {@link TlsMaterial} is an immutable object behind a volatile
 * field: {@link #wrap} reads it without locking, and a connection keeps the context it was wrapped
 * with for its whole life, so a reload never touches existing connections. At most once per check
 * interval (one second), the first {@code wrap} caller to win a compare-and-set runs the {@link
 * TlsReloader} check on its own thread; every other caller meanwhile goes on with the current
 * material instead of waiting. Only the winner pays for the check (a fingerprint of the files) and,
 * when the files changed, for building the new context (a few milliseconds). The reloader's state
 * is only touched under that flag; the flag's set/CAS pair orders one checker's writes before the
 * next checker's reads.
 *
 * <p>Logs go to the {@code System.Logger} named {@code io.prom4j.http.ServerTls}: one WARNING when
 * a client CA is configured without client authentication, one WARNING when client authentication
 * falls back to the JDK's default trust store, one WARNING when the served certificate is expired
 * or not yet valid, one WARNING per episode of rotated files that do not load, INFO when rotated
 * files are loaded.
 */
public final class ServerTls implements AutoCloseable {

  /** Where TLS logs go unless a test injects its own: {@code io.prom4j.http.ServerTls}. */
  static final String LOGGER_NAME = ServerTls.class.getName();

  static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final TlsReloader reloader;
  private final System.Logger log;
  private final char[] password;
  private final LongSupplier nanoTime;
  private final long checkIntervalNanos;
  private final AtomicBoolean checking = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile TlsMaterial material;
  private volatile long nextCheckNanos;

  private ServerTls(
      TlsMaterial material,
      TlsReloader reloader,
      System.Logger log,
      char[] password,
      LongSupplier nanoTime,
      long checkIntervalNanos) {
    this.material = material;
    this.log = log;
    this.reloader = reloader;
    this.password = password;
    this.nanoTime = nanoTime;
    this.checkIntervalNanos = checkIntervalNanos;
    this.nextCheckNanos = nanoTime.getAsLong() + checkIntervalNanos;
  }

  /**
   * Loads and checks everything now (fail fast at {@code start()}).
   *
   * @throws IllegalArgumentException naming the file and its role when material is missing,
   *     unreadable or inconsistent, or for an unknown protocol version
   * @throws IllegalStateException when certFile or keyFile is not set, or the minimum protocol
   *     version is above the maximum
   */
  public static ServerTls load(TlsSettings settings) {
    return load(settings, System::nanoTime, CHECK_INTERVAL_NANOS, System.getLogger(LOGGER_NAME));
  }

  /** {@link #load(TlsSettings)} with clock, check interval and logger injected, for tests. */
  public static ServerTls load(
      TlsSettings settings, LongSupplier nanoTime, long checkIntervalNanos, System.Logger log) {
    Objects.requireNonNull(settings, "settings must not be null");
    // Our own copy: the reloader needs the password later, whatever the caller does with theirs.
    char[] password = settings.keyPassword() == null ? null : settings.keyPassword().clone();
    // Fingerprint first: a change racing with this load is then seen by the first check.
    byte[] print = TlsReloader.fingerprint(settings);
    TlsMaterial material = TlsMaterial.build(settings, password);
    boolean clientCa = settings.clientCaFile() != null || settings.clientCaPath() != null;
    if (!settings.clientAuthRequired() && clientCa) {
      log.log(
          WARNING,
          "clientCaFile/clientCaPath is set but clientAuthRequired is false: no"
              + " client certificate is requested and the client CA is unused");
    } else if (settings.clientAuthRequired() && !clientCa) {
      log.log(
          WARNING,
          "clientAuthRequired is true without clientCaFile or clientCaPath: client"
              + " certificates are checked against the JDK's default trust store, so any client"
              + " certificate from a publicly trusted CA is admitted; set clientCaFile or"
              + " clientCaPath to restrict it");
    }
    log.log(DEBUG, "TLS loaded ({0})", material.describeLeaf());
    material.logValidity(log);
    return new ServerTls(
        material,
        new TlsReloader(settings, password, print, log),
        log,
        password,
        nanoTime,
        checkIntervalNanos);
  }

  /**
   * Wraps an accepted TCP socket as a server-side TLS socket with the current material. Does not
   * start the handshake: the caller does, on its worker thread, under its own deadline. {@code
   * accepted} stays the caller's to close, whatever happens: closing the TLS socket (which sends
   * close_notify) and a failed handshake (which sends an alert) leave it open, so that the caller
   * can half-close it and drain what the client still sends, and the client reads the alert instead
   * of a TCP reset.
   *
   * @throws SSLException after {@link #close()}
   * @throws IOException when the TLS socket cannot be created over {@code accepted}
   */
  public SSLSocket wrap(Socket accepted) throws IOException {
    Objects.requireNonNull(accepted, "accepted must not be null");
    if (closed.get()) {
      throw new SSLException("TLS is closed: the server is shutting down");
    }
    return current().wrap(accepted);
  }

  /** The material for a new connection, after a reload check if one is due. */
  private TlsMaterial current() {
    if (nanoTime.getAsLong() - nextCheckNanos >= 0 && checking.compareAndSet(false, true)) {
      try {
        // Re-read the clock: another thread may have finished a check since our first look.
        if (nanoTime.getAsLong() - nextCheckNanos >= 0 && !closed.get()) {
          try {
            material = reloader.check(material);
          } finally {
            nextCheckNanos = nanoTime.getAsLong() + checkIntervalNanos;
          }
        }
      } finally {
        checking.set(false);
      }
    }
    return material;
  }

  /**
   * Stops reloading and clears the copy of the key password. Connections already wrapped are not
   * affected; later {@link #wrap} calls fail. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Take the check flag for good: no reload runs after this, and none is reading the password
    // while it is cleared. A reload in progress takes milliseconds; wait it out.
    while (!checking.compareAndSet(false, true)) {
      LockSupport.parkNanos(100_000);
    }
    if (password != null) {
      Arrays.fill(password, '\0');
    }
  }
}
