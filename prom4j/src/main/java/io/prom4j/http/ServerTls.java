package io.prom4j.http;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;

/**
 * Server-side TLS for the engine: loads PEM material, builds the SSL context, wraps accepted
 * sockets, and reloads rotated files.
 *
 * <p>PLACEHOLDER: the signatures the engine uses; the TLS work fills them in.
 */
final class ServerTls implements AutoCloseable {

  private ServerTls() {}

  /**
   * Loads and checks everything now (fail fast at {@code start()}).
   *
   * @throws IllegalArgumentException naming the file and its role when material is missing,
   *     unreadable or inconsistent
   */
  static ServerTls load(TlsSettings settings) {
    throw new UnsupportedOperationException("TLS is not implemented yet");
  }

  /**
   * Wraps an accepted TCP socket as a server-side TLS socket with the current material. Does not
   * start the handshake: the caller does, on its worker thread, under its own deadline.
   */
  SSLSocket wrap(Socket accepted) throws IOException {
    throw new UnsupportedOperationException("TLS is not implemented yet");
  }

  /** Stops the background reload check, if any. */
  @Override
  public void close() {}
}
