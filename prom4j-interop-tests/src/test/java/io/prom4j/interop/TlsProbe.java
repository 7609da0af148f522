package io.prom4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens a fresh TLS connection (a new handshake, no session reuse) and reports the certificate
 * chain the server presented, verified against a given root.
 */
final class TlsProbe {

  private static final int TIMEOUT_MILLIS = 5_000;

  private TlsProbe() {}

  /**
   * The server's chain, leaf first, as presented to a client connecting to {@code 127.0.0.1:port}
   * with SNI {@code localhost} that trusts only {@code rootCa}.
   *
   * @throws IOException if the connection or the handshake fails (including an untrusted chain)
   */
  static List<X509Certificate> presentedChain(int port, Path rootCa)
      throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (X509Certificate c : TestCertificates.read(rootCa)) {
      trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    // a new context per probe: no cached session, so every probe is a full handshake
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      SSLParameters params = socket.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName("localhost")));
      socket.setSSLParameters(params);
      socket.startHandshake();
      Certificate[] chain = socket.getSession().getPeerCertificates();
      return java.util.Arrays.stream(chain).map(c -> (X509Certificate) c).toList();
    }
  }
}
