package io.prom4j.internal.pem;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Loads the PEM files of a TLS setting, with the messages every caller shares: {@code Cannot load
 * <role> '<file>' (<setting>): <problem>}, where the role says what the file is for ("server
 * certificate file", "client private key file") and the setting names the builder method that set
 * it. Used by the server's TLS and by the Pushgateway client.
 */
public final class PemFiles {

  private PemFiles() {}

  /**
   * Every certificate of a PEM file, in file order.
   *
   * @throws IllegalArgumentException if the file cannot be read or holds no valid certificate
   */
  public static List<X509Certificate> certificates(Path file, String role, String setting) {
    try {
      return PemCertificates.read(read(file, role, setting));
    } catch (PemException e) {
      throw fail(role, file, setting, e);
    }
  }

  /**
   * The first private key of a PEM file (PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC).
   *
   * @param password the password of an encrypted key, or null
   * @throws IllegalArgumentException if the file cannot be read or holds no usable key
   */
  public static PrivateKey privateKey(Path file, char[] password, String role, String setting) {
    try {
      return PemKeys.read(read(file, role, setting), password);
    } catch (PemException e) {
      throw fail(role, file, setting, e);
    }
  }

  /**
   * Checks that {@code key} belongs to the first certificate of {@code chain}.
   *
   * @throws IllegalArgumentException naming both files, the certificate's subject and the key
   *     algorithms
   */
  public static void checkKeyMatches(
      PrivateKey key, String keyRole, Path keyFile, List<X509Certificate> chain, Path certFile) {
    X509Certificate leaf = chain.get(0);
    if (PemKeys.matches(key, leaf.getPublicKey())) {
      return;
    }
    throw new IllegalArgumentException(
        "The "
            + keyRole
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

  /**
   * The bytes of a file.
   *
   * @throws IllegalArgumentException if it is a directory, missing or unreadable
   */
  public static byte[] read(Path file, String role, String setting) {
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

  /** A short reason for a failed file operation: "no such file", "permission denied", ... */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The exception for a PEM problem in a file: the prefix, then the problem. */
  private static IllegalArgumentException fail(
      String role, Path file, String setting, PemException e) {
    return new IllegalArgumentException(prefix(role, file, setting) + e.getMessage(), e);
  }

  /** {@code Cannot load <role> '<file>' (<setting>): }. */
  public static String prefix(String role, Path file, String setting) {
    return "Cannot load " + role + " '" + file + "' (" + setting + "): ";
  }
}
