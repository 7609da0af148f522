package io.prom4j.internal.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLHandshakeException;

/**
 * The accepted TCP socket as the TLS layer sees it: every call goes to the accepted socket, but the
 * bytes JSSE reads pass through a TLS record scanner that refuses client-initiated renegotiation
 * without any JVM-wide setting ({@code jdk.tls.rejectClientInitiatedRenegotiation} would change
 * every TLS server of the host application).
 *
 * <p>How: every TLS record starts with a 5-byte header whose first byte is the content type. Once
 * the server's side of the first handshake has completed ({@link #handshakeCompleted()}), a client
 * has no reason to send a record of type 22 (handshake) ever again: in TLS 1.2 the only handshake
 * message a client may send later is the ClientHello of a renegotiation, and in TLS 1.3 every
 * post-handshake message (KeyUpdate) travels encrypted inside records of type 23. So the scanner
 * fails the read the moment such a header arrives, before JSSE has parsed the ClientHello or done
 * any of the handshake's public-key work: renegotiation costs the server nothing, and the
 * connection ends (the engine closes it). TLS 1.3 never renegotiates, so nothing changes there.
 *
 * <p>Implementation notes. Confined to the connection's worker thread except {@link #close} and the
 * socket options, which go straight to the accepted socket (thread-safe there). The scanner tracks
 * record boundaries from the first byte, whatever chunks JSSE reads in.
 */
final class RenegotiationGuard extends Socket {

  /** TLS record content type of handshake messages. */
  private static final int HANDSHAKE = 22;

  private static final int HEADER_BYTES = 5;

  private final Socket accepted;
  private final Scanner in;
  private volatile boolean armed;

  RenegotiationGuard(Socket accepted) throws IOException {
    super((SocketImpl) null); // no socket of its own: everything below goes to accepted
    this.accepted = accepted;
    this.in = new Scanner(accepted.getInputStream());
  }

  /** From now on, a handshake record from the client ends the connection. */
  void handshakeCompleted() {
    armed = true;
  }

  /** Counts TLS record headers as the bytes go by and refuses a late handshake record. */
  private final class Scanner extends FilterInputStream {
    /** Bytes of the current record's body still to come; -1 while inside a header. */
    private int bodyLeft;

    private int headerSeen;
    private int lengthHigh;

    Scanner(InputStream raw) {
      super(raw);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      for (int i = off; i < off + n; i++) {
        if (bodyLeft > 0) {
          int skip = Math.min(bodyLeft, off + n - i);
          bodyLeft -= skip;
          i += skip - 1;
          continue;
        }
        int v = b[i] & 0xff;
        switch (headerSeen) {
          case 0 -> {
            if (armed && v == HANDSHAKE) {
              throw new SSLHandshakeException(
                  "client-initiated renegotiation refused (a TLS handshake record after the"
                      + " handshake)");
            }
          }
          case 3 -> lengthHigh = v;
          case 4 -> bodyLeft = (lengthHigh << 8) | v;
          default -> {}
        }
        headerSeen = headerSeen == HEADER_BYTES - 1 ? 0 : headerSeen + 1;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // JSSE never skips; scanning needs every byte, so skipping reads.
      byte[] sink = new byte[(int) Math.min(n, 4096)];
      int r = read(sink, 0, sink.length);
      return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  @Override
  public InputStream getInputStream() {
    return in;
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return accepted.getOutputStream();
  }

  @Override
  public SocketChannel getChannel() {
    return null; // JSSE must use the streams, which the scanner sits in
  }

  @Override
  public void close() throws IOException {
    accepted.close();
  }

  @Override
  public boolean isClosed() {
    return accepted.isClosed();
  }

  @Override
  public boolean isConnected() {
    return accepted.isConnected();
  }

  @Override
  public boolean isBound() {
    return accepted.isBound();
  }

  @Override
  public boolean isInputShutdown() {
    return accepted.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return accepted.isOutputShutdown();
  }

  @Override
  public void shutdownInput() throws IOException {
    accepted.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    accepted.shutdownOutput();
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    throw new SocketException("already connected");
  }

  @Override
  public void bind(SocketAddress bindpoint) throws IOException {
    throw new SocketException("already bound");
  }

  @Override
  public InetAddress getInetAddress() {
    return accepted.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return accepted.getLocalAddress();
  }

  @Override
  public int getPort() {
    return accepted.getPort();
  }

  @Override
  public int getLocalPort() {
    return accepted.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return accepted.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return accepted.getLocalSocketAddress();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    accepted.setSoTimeout(timeout);
  }

  @Override
  public int getSoTimeout() throws SocketException {
    return accepted.getSoTimeout();
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    accepted.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return accepted.getTcpNoDelay();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    accepted.setSoLinger(on, linger);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return accepted.getSoLinger();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    accepted.setKeepAlive(on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return accepted.getKeepAlive();
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    accepted.setSendBufferSize(size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return accepted.getSendBufferSize();
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    accepted.setReceiveBufferSize(size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return accepted.getReceiveBufferSize();
  }

  @Override
  public String toString() {
    return "RenegotiationGuard[" + accepted + "]";
  }
}
