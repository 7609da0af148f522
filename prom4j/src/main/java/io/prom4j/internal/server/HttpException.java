package io.prom4j.internal.server;

/**
 * A request the engine refuses before routing (malformed, too large, too slow): the status and the
 * two parts of the error body. Carries no stack trace: it is control flow, not a bug.
 */
public final class HttpException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String hint;
  private final boolean http10;

  /**
   * @param status the status code to answer with
   * @param what what was wrong (the error body's first part)
   * @param hint what to do instead (its second part)
   * @param http10 whether the request line said HTTP/1.0 (the answer uses the same version)
   */
  HttpException(int status, String what, String hint, boolean http10) {
    super(what, null, false, false);
    this.status = status;
    this.hint = hint;
    this.http10 = http10;
  }

  int status() {
    return status;
  }

  String what() {
    return getMessage();
  }

  String hint() {
    return hint;
  }

  boolean http10() {
    return http10;
  }
}
