package io.prom4j.push;

import io.prom4j.internal.pem.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of HTTPS to a Pushgateway: a private {@link SSLContext} (never the JVM's default
 * one) from a CA file and a client certificate and key, read by the server's PEM code ({@link
 * PemFiles}), so the key formats and the messages are the server's.
 */
final class ClientTls {

  static final String CA_FILE_ROLE = "Pushgateway CA file";
  static final String CERT_ROLE = "client certificate file";
  static final String KEY_ROLE = "client private key file";

  /** The protocols offered: TLS 1.0 and 1.1 are broken, and the JDK disables them anyway. */
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** Protects the key inside the in-memory key store only; never written anywhere. */
  private static final char[] STORE_PASSWORD = "prom4j-in-memory".toCharArray();

  private ClientTls() {}

  /** The parameters of every HTTPS connection: TLS 1.2 or 1.3, host name verification. */
  static SSLParameters parameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.clone());
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }

  /**
   * A context that trusts the CAs of {@code caFile} (the JDK's default CAs if it is null) and
   * presents the certificate of {@code certFile} with the key of {@code keyFile} (none if null).
   *
   * @throws IllegalArgumentException naming the file, its role and the setting
   */
  static SSLContext context(Path caFile, Path certFile, Path keyFile) {
    TrustManager[] trust = trustManagers(caFile);
    KeyManager[] keys = certFile == null ? null : keyManagers(certFile, keyFile);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trustManagers(Path caFile) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile == null) {
        factory.init((KeyStore) null); // the JDK's default CAs
      } else {
        List<X509Certificate> cas = PemFiles.certificates(caFile, CA_FILE_ROLE, "caFile");
        KeyStore store = emptyStore();
        for (int i = 0; i < cas.size(); i++) {
          store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        factory.init(store);
      }
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the TLS trust manager: " + e.getMessage(), e);
    }
  }

  private static KeyManager[] keyManagers(Path certFile, Path keyFile) {
    List<X509Certificate> chain = PemFiles.certificates(certFile, CERT_ROLE, "certFile");
    // no password: the builder has no keyPassword setting, so an encrypted key is refused
    // with the PEM code's message saying it is encrypted
    PrivateKey key = PemFiles.privateKey(keyFile, null, KEY_ROLE, "keyFile");
    PemFiles.checkKeyMatches(key, KEY_ROLE, keyFile, chain, certFile);
    try {
      KeyStore store = emptyStore();
      store.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, STORE_PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the TLS key manager: " + e.getMessage(), e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an in-memory key store", e);
    }
    return store;
  }
}
