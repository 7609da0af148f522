package io.prom4j.internal.tls;

import java.io.IOException;
import javax.net.ssl.SSLSocket;

/**
 * One server-side TLS connection as the engine drives it: the TLS socket, the handshake (after
 * which client-initiated renegotiation is refused, see {@link RenegotiationGuard}), and the trust
 * generation of the material it was wrapped with, so that the engine can retire connections
 * authorized under client CAs that have since changed. Confined to the connection's worker.
 */
public final class TlsConnection {

  private final SSLSocket socket;
  private final RenegotiationGuard guard;
  private final int trustGeneration;

  TlsConnection(SSLSocket socket, RenegotiationGuard guard, int trustGeneration) {
    this.socket = socket;
    this.guard = guard;
    this.trustGeneration = trustGeneration;
  }

  /** The TLS socket over the accepted one. */
  public SSLSocket socket() {
    return socket;
  }

  /**
   * Runs the handshake; afterwards a renegotiation attempt fails the read that sees it.
   *
   * @throws IOException when the handshake fails (JSSE has sent its alert if it had one)
   */
  public void handshake() throws IOException {
    socket.startHandshake();
    guard.handshakeCompleted();
  }

  /** The trust generation of this connection's material (see {@link ServerTls#trustGeneration}). */
  public int trustGeneration() {
    return trustGeneration;
  }
}
