package io.prom4j.internal.tls;

import io.prom4j.internal.pem.PemCertificates;
import io.prom4j.internal.pem.PemException;
import io.prom4j.internal.pem.PemKeys;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * One loaded generation of TLS material: a private {@link SSLContext} built from the settings'
 * files, and the socket parameters (protocols, cipher suites, client authentication).
 *
 * <p>Immutable once built; shared by every connection wrapped while it is current. Never the JVM's
 * default context: each generation has its own key manager, trust manager and session cache.
 */
public final class TlsMaterial {

  static final String CERT_ROLE = "server certificate file";
  static final String KEY_ROLE = "server private key file";
  static final String CA_FILE_ROLE = "client CA file";
  static final String CA_PATH_ROLE = "client CA directory";

  /** Protects the key inside the in-memory key store only; never written anywhere. */
  private static final char[] STORE_PASSWORD = "prom4j-in-memory".toCharArray();

  private final SSLContext context;
  private final SSLParameters parameters;
  private final List<X509Certificate> chain;

  private TlsMaterial(SSLContext context, SSLParameters parameters, List<X509Certificate> chain) {
    this.context = context;
    this.parameters = parameters;
    this.chain = chain;
  }

  /**
   * Reads every file of {@code settings} and builds the context.
   *
   * @param password the key password (ServerTls keeps its own copy), or null
   * @throws IllegalArgumentException naming the file, its role and the problem
   * @throws IllegalStateException for inconsistent settings
   */
  static TlsMaterial build(TlsSettings settings, char[] password) {
    byte[] certBytes = read(settings.certFile(), CERT_ROLE, "certFile");
    List<X509Certificate> chain;
    try {
      chain = PemCertificates.read(certBytes);
    } catch (PemException e) {
      throw fail(CERT_ROLE, settings.certFile(), "certFile", e);
    }
    byte[] keyBytes = read(settings.keyFile(), KEY_ROLE, "keyFile");
    PrivateKey key;
    try {
      key = PemKeys.read(keyBytes, password);
    } catch (PemException e) {
      throw fail(KEY_ROLE, settings.keyFile(), "keyFile", e);
    }
    X509Certificate leaf = chain.get(0);
    if (!PemKeys.matches(key, leaf.getPublicKey())) {
      throw new IllegalArgumentException(
          "The "
              + KEY_ROLE
              + " '"
              + settings.keyFile()
              + "' (keyFile) does not match the first certificate in '"
              + settings.certFile()
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
    List<X509Certificate> clientCas = clientCas(settings);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(key, chain), trustManagers(settings, clientCas), null);
      SSLParameters parameters =
          new SSLParameters(
              TlsProtocols.cipherSuites(context.getDefaultSSLParameters().getCipherSuites()),
              TlsProtocols.enabled(
                  settings.minVersion(),
                  settings.maxVersion(),
                  context.getSupportedSSLParameters().getProtocols()));
      parameters.setNeedClientAuth(settings.clientAuthRequired());
      parameters.setUseCipherSuitesOrder(true);
      return new TlsMaterial(context, parameters, List.copyOf(chain));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the server-side socket over {@code accepted}; the handshake is not started, and neither
   * a failed handshake nor closing the TLS socket closes {@code accepted}.
   */
  SSLSocket wrap(Socket accepted) throws IOException {
    // The server-mode overload: no bytes consumed yet. autoClose=false: after a fatal alert
    // JSSE would close accepted at once, and a close with the client's records still unread
    // (or still arriving) sends a TCP reset that can overtake the alert. The caller closes
    // accepted itself, after a half-close and a short drain.
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, false);
    socket.setUseClientMode(false);
    socket.setSSLParameters(parameters);
    return socket;
  }

  /** Short description of the leaf for log lines: subject, serial and expiry. */
  String describeLeaf() {
    X509Certificate leaf = chain.get(0);
    return "subject "
        + leaf.getSubjectX500Principal().getName()
        + ", serial "
        + leaf.getSerialNumber().toString(16)
        + ", valid until "
        + leaf.getNotAfter().toInstant();
  }

  /**
   * Logs a WARNING when the leaf certificate is expired or not yet valid: clients will refuse it,
   * but serving it is the operator's call (Python serves it too).
   */
  void logValidity(System.Logger log) {
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      log.log(
          System.Logger.Level.WARNING,
          "The server certificate is outside its"
              + " validity period, clients will refuse it ({0}): {1}",
          describeLeaf(),
          e.getMessage());
    }
  }

  private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain)
      throws GeneralSecurityException {
    KeyStore store = emptyStore();
    store.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, STORE_PASSWORD);
    return factory.getKeyManagers();
  }

  private static TrustManager[] trustManagers(TlsSettings settings, List<X509Certificate> clientCas)
      throws GeneralSecurityException {
    if (!settings.clientAuthRequired()) {
      // No client certificate is requested: an empty array keeps the JDK from loading its
      // default trust store for nothing (null would).
      return new TrustManager[0];
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (clientCas.isEmpty()) {
      // Neither clientCaFile nor clientCaPath: the JDK's default trust store, like Python's
      // load_default_certs().
      factory.init((KeyStore) null);
    } else {
      KeyStore store = emptyStore();
      for (int i = 0; i < clientCas.size(); i++) {
        store.setCertificateEntry("client-ca-" + i, clientCas.get(i));
      }
      factory.init(store);
    }
    return factory.getTrustManagers();
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

  /** The client CAs of clientCaFile and clientCaPath, without duplicates, in file order. */
  private static List<X509Certificate> clientCas(TlsSettings settings) {
    Set<X509Certificate> cas = new LinkedHashSet<>();
    Path file = settings.clientCaFile();
    if (file != null) {
      try {
        cas.addAll(PemCertificates.read(read(file, CA_FILE_ROLE, "clientCaFile")));
      } catch (PemException e) {
        throw fail(CA_FILE_ROLE, file, "clientCaFile", e);
      }
    }
    Path directory = settings.clientCaPath();
    if (directory != null) {
      cas.addAll(directoryCas(directory));
    }
    return new ArrayList<>(cas);
  }

  /**
   * Every certificate in the regular files of a directory (symbolic links followed, so that
   * OpenSSL's hashed {@code 1a2b3c4d.0} links count); files without a certificate are skipped.
   */
  private static List<X509Certificate> directoryCas(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          prefix(CA_PATH_ROLE, directory, "clientCaPath")
              + (Files.exists(directory) ? "not a directory" : "no such directory"));
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(directory)) {
      files = entries.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          prefix(CA_PATH_ROLE, directory, "clientCaPath")
              + "cannot list the directory: "
              + describe(e),
          e);
    }
    List<X509Certificate> cas = new ArrayList<>();
    for (Path file : files) {
      try {
        cas.addAll(PemCertificates.readAny(read(file, CA_PATH_ROLE, "clientCaPath")));
      } catch (PemException e) {
        throw new IllegalArgumentException(
            prefix(CA_PATH_ROLE, directory, "clientCaPath")
                + "file '"
                + file.getFileName()
                + "': "
                + e.getMessage(),
            e);
      }
    }
    if (cas.isEmpty()) {
      throw new IllegalArgumentException(
          prefix(CA_PATH_ROLE, directory, "clientCaPath")
              + "contains no PEM certificate ("
              + files.size()
              + " files checked)");
    }
    return cas;
  }

  private static byte[] read(Path file, String role, String setting) {
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

  private static IllegalArgumentException fail(
      String role, Path file, String setting, PemException e) {
    return new IllegalArgumentException(prefix(role, file, setting) + e.getMessage(), e);
  }

  private static String prefix(String role, Path file, String setting) {
    return "Cannot load " + role + " '" + file + "' (" + setting + "): ";
  }
}
