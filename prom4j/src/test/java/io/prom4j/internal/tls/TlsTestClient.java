package io.prom4j.internal.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/** Test client: an {@link SSLSocket} that verifies the server's certificate and host name. */
final class TlsTestClient implements AutoCloseable {

  private final SSLSocket socket;
  private final BufferedReader in;

  private TlsTestClient(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Connects to 127.0.0.1, checks the host name against the certificate, and completes the client
   * side of the handshake.
   *
   * @param protocols the protocols to offer, or none for the JDK's defaults
   */
  static TlsTestClient connect(SSLContext context, int port, String... protocols)
      throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    try {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (protocols.length > 0) {
        parameters.setProtocols(protocols);
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return new TlsTestClient(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends a line and returns the server's answer (null at end of stream). */
  String exchange(String line) throws IOException {
    socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return in.readLine();
  }

  /**
   * Expects the server to refuse the connection: completes the client side of the handshake and
   * reads without writing first, so that a refusal is seen as the server's alert rather than as a
   * write into a connection the server has already closed.
   *
   * @return the client-side failure
   * @throws AssertionError if the server does not refuse
   */
  static IOException refusal(SSLContext context, int port, String... protocols) {
    try (TlsTestClient connection = connect(context, port, protocols)) {
      int first = connection.socket.getInputStream().read();
      throw new AssertionError("the server did not refuse the connection (read " + first + ")");
    } catch (IOException e) {
      return e;
    }
  }

  /** The certificates the server presented, leaf first. */
  Certificate[] serverChain() throws SSLPeerUnverifiedException {
    return socket.getSession().getPeerCertificates();
  }

  /** The serial number of the server's leaf certificate. */
  BigInteger serverSerial() throws SSLPeerUnverifiedException {
    return ((X509Certificate) serverChain()[0]).getSerialNumber();
  }

  /** The negotiated protocol, for example {@code TLSv1.3}. */
  String protocol() {
    return socket.getSession().getProtocol();
  }

  /** The negotiated cipher suite. */
  String cipherSuite() {
    return socket.getSession().getCipherSuite();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
