package io.prom4j.internal.tls;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decides when rotated TLS files become the material in use, and what to log about it.
 *
 * <p>Implementation notes. Not thread-safe: {@link ServerTls} lets one thread at a time call {@link
 * #check}, at most about once a second. A check fingerprints the files' contents (SHA-256 over
 * cert, key, client CA file and every regular file of the client CA directory; a few kilobytes,
 * well under a millisecond), and builds a new material only when the fingerprint differs from the
 * last one tried.
 *
 * <p>A failed build keeps the previous material. Because a rotation often writes the certificate
 * and the key one after the other, a first failure is only logged at DEBUG; if the next check still
 * fails, ONE warning is logged, and no other until a build succeeds (INFO) or the files return to
 * the material in use (INFO).
 */
public final class TlsReloader {

  private final TlsSettings settings;
  private final char[] password;
  private final System.Logger log;
  private byte[] loadedPrint;
  private byte[] failedPrint;
  private String failure;
  private int failedChecks;
  private boolean warned;

  /**
   * Starts watching from the files that produced the current material.
   *
   * @param loadedPrint the fingerprint taken before the current material was built
   */
  TlsReloader(TlsSettings settings, char[] password, byte[] loadedPrint, System.Logger log) {
    this.settings = settings;
    this.password = password;
    this.log = log;
    this.loadedPrint = loadedPrint;
  }

  /**
   * Returns the material to use from now on: a new one when the files changed and load, else {@code
   * current}. Never throws for bad files.
   */
  TlsMaterial check(TlsMaterial current) {
    byte[] print = fingerprint(settings);
    if (Arrays.equals(print, loadedPrint)) {
      if (failedChecks > 0 && warned) {
        log.log(INFO, "TLS files are back to the material in use ({0})", current.describeLeaf());
      }
      resetFailure();
      return current;
    }
    if (!Arrays.equals(print, failedPrint)) {
      try {
        TlsMaterial fresh = TlsMaterial.build(settings, password);
        loadedPrint = print;
        resetFailure();
        log.log(
            INFO,
            "TLS files changed: new connections use the new certificate" + " ({0})",
            fresh.describeLeaf());
        fresh.logValidity(log);
        return fresh;
      } catch (RuntimeException e) {
        // IllegalArgumentException / IllegalStateException with a message naming the file;
        // anything else is unexpected but must not break wrap() either.
        failedPrint = print;
        failure = String.valueOf(e.getMessage());
      }
    }
    failedChecks++;
    if (failedChecks == 1) {
      log.log(DEBUG, "TLS files changed but do not load (yet): {0}", failure);
    } else if (!warned) {
      warned = true;
      log.log(
          WARNING,
          "TLS files changed but cannot be loaded; new connections keep"
              + " the previous certificate ({0}) until the files are fixed: {1}",
          current.describeLeaf(),
          failure);
    }
    return current;
  }

  private void resetFailure() {
    failedPrint = null;
    failure = null;
    failedChecks = 0;
    warned = false;
  }

  /**
   * A digest of every file the settings name; a missing or unreadable file contributes a marker
   * instead of failing.
   */
  static byte[] fingerprint(TlsSettings settings) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    for (Path file :
        Arrays.asList(settings.certFile(), settings.keyFile(), settings.clientCaFile())) {
      add(digest, file);
    }
    Path directory = settings.clientCaPath();
    if (directory != null) {
      try (Stream<Path> entries = Files.list(directory)) {
        List<Path> files = entries.filter(Files::isRegularFile).sorted().toList();
        for (Path file : files) {
          add(digest, file);
        }
      } catch (IOException | RuntimeException e) {
        addText(digest, "directory unreadable: " + e);
      }
    }
    return digest.digest();
  }

  private static void add(MessageDigest digest, Path file) {
    if (file == null) {
      addText(digest, "unset");
      return;
    }
    addText(digest, file.toString());
    try {
      byte[] content = Files.readAllBytes(file);
      addText(digest, "size " + content.length);
      digest.update(content);
    } catch (IOException e) {
      addText(digest, "unreadable: " + e.getClass().getName());
    }
  }

  /** Adds text with its length, so that consecutive entries cannot run into each other. */
  private static void addText(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update((byte) (bytes.length >>> 24));
    digest.update((byte) (bytes.length >>> 16));
    digest.update((byte) (bytes.length >>> 8));
    digest.update((byte) bytes.length);
    digest.update(bytes);
  }
}
