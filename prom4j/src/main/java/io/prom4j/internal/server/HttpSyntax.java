package io.prom4j.internal.server;

/**
 * HTTP/1.1 syntax rules shared by the head reader, the parser and the scrape core (RFC 9110): one
 * implementation of each. {@link HeadReader} hands its lines to {@link RequestParser}, never the
 * other way round, and both take their rules from here.
 */
public final class HttpSyntax {

  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private HttpSyntax() {}

  /** True for a byte allowed in a token (method, header name). */
  static boolean isTokenChar(byte c) {
    return c >= 0 && TCHAR[c];
  }

  /** True for SP or HTAB, the whitespace of {@code OWS} and of folded (obsolete) header lines. */
  static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\t';
  }

  /** True if {@code b[s, e)} is a non-empty token. */
  static boolean isToken(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (!isTokenChar(b[i])) {
        return false;
      }
    }
    return s < e;
  }

  /**
   * True if a request with these header values announces a body: any {@code Transfer-Encoding}, or
   * a {@code Content-Length} other than 0. A scrape never has one. Repeated fields may arrive
   * joined ({@code "0, 0"}): every element must then be zero.
   *
   * @param transferEncoding the {@code Transfer-Encoding} value, or null if absent
   * @param contentLength the {@code Content-Length} value (or values joined with commas), or null
   *     if absent
   */
  public static boolean announcesBody(String transferEncoding, String contentLength) {
    if (transferEncoding != null) {
      return true;
    }
    if (contentLength == null) {
      return false;
    }
    boolean digits = false;
    for (int i = 0; i < contentLength.length(); i++) {
      char c = contentLength.charAt(i);
      if (c == '0') {
        digits = true;
      } else if (c == ',') {
        if (!digits) {
          return true; // an empty element
        }
        digits = false;
      } else if (c != ' ' && c != '\t') {
        return true;
      }
    }
    return !digits;
  }
}
