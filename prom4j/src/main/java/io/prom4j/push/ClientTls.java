package io.prom4j.push;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * one) from a CA file and a client certificate and key, read by the same PEM code as the server,
 * with the same key formats and messages.
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
        List<X509Certificate> cas = Pem.certificates(caFile, CA_FILE_ROLE, "caFile");
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
    List<X509Certificate> chain = Pem.certificates(certFile, CERT_ROLE, "certFile");
    PrivateKey key = Pem.privateKey(keyFile, KEY_ROLE, "keyFile");
    X509Certificate leaf = chain.get(0);
    if (!Pem.matches(key, leaf)) {
      throw new IllegalArgumentException(
          "The "
              + KEY_ROLE
              + " '"
              + keyFile
              + "' (keyFile) does not match the first certificate in '"
              + certFile
              + "' (certFile, subject "
              + leaf.getSubjectX500Principal().getName()
              + "): the key is "
              + key.getAlgorithm()
              + ", the certificate's public key is "
              + leaf.getPublicKey().getAlgorithm()
              + (key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())
                  ? " but a test signature does not verify"
                  : ""));
    }
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

  /** The file's bytes; a missing or unreadable file is named with its role and setting. */
  static byte[] read(Path file, String role, String setting) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          prefix(role, file, setting) + "is a directory, not a file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(prefix(role, file, setting) + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** {@code Cannot load <role> '<file>' (<setting>): }, as the server's messages begin. */
  static String prefix(String role, Path file, String setting) {
    return "Cannot load " + role + " '" + file + "' (" + setting + "): ";
  }
}
