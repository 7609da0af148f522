package io.prom4j.internal.pem;

/**
 * A problem with the content of one PEM file: the message states the problem only ("no PEM
 * 'CERTIFICATE' block"), the caller adds which file and which setting.
 */
public final class PemException extends Exception {

  private static final long serialVersionUID = 1L;

  PemException(String problem) {
    super(problem);
  }

  PemException(String problem, Throwable cause) {
    super(problem, cause);
  }
}
