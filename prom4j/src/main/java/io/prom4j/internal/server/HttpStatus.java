package io.prom4j.internal.server;

import java.nio.charset.StandardCharsets;

/**
 * The status codes prom4j answers with, their reason phrases, and the one error body format of the
 * seed: {@code # HTTP <code> <reason>: <what>; <hint>} and a line feed.
 */
public final class HttpStatus {

  public static final int OK = 200;
  public static final int BAD_REQUEST = 400;
  public static final int METHOD_NOT_ALLOWED = 405;
  static final int REQUEST_TIMEOUT = 408;
  static final int URI_TOO_LONG = 414;
  static final int HEADERS_TOO_LARGE = 431;
  public static final int INTERNAL_ERROR = 500;
  static final int UNAVAILABLE = 503;
  static final int VERSION_NOT_SUPPORTED = 505;

  /** Content-Type of every error body. */
  public static final String ERROR_CONTENT_TYPE = "text/plain; charset=utf-8";

  private HttpStatus() {}

  /** The reason phrase of a status code ({@code "Method Not Allowed"} for 405). */
  static String reason(int status) {
    return switch (status) {
      case OK -> "OK";
      case BAD_REQUEST -> "Bad Request";
      case METHOD_NOT_ALLOWED -> "Method Not Allowed";
      case REQUEST_TIMEOUT -> "Request Timeout";
      case URI_TOO_LONG -> "URI Too Long";
      case HEADERS_TOO_LARGE -> "Request Header Fields Too Large";
      case INTERNAL_ERROR -> "Internal Server Error";
      case UNAVAILABLE -> "Service Unavailable";
      case VERSION_NOT_SUPPORTED -> "HTTP Version Not Supported";
      default -> "Unknown";
    };
  }

  /**
   * The error body {@code # HTTP 405 Method Not Allowed: POST; use OPTIONS or GET\n}: what went
   * wrong, then a brief hint. Neither part may carry internals (exception text, stack traces).
   */
  public static byte[] errorBody(int status, String what, String hint) {
    String line = "# HTTP " + status + " " + reason(status) + ": " + what + "; " + hint + "\n";
    return line.getBytes(StandardCharsets.UTF_8);
  }
}
