package io.prom4j.internal.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a request head strictly (RFC 9112): {@code method SP target SP version}, then {@code name:
 * value} lines. Anything else is refused with a 400 (505 for an unknown HTTP version, 414 for a
 * query past its limit) rather than guessed at, so that no two parsers (a proxy's and ours) can
 * read one message differently.
 *
 * <p>Refused: missing or extra spaces in the request line; a method that is not a token; a target
 * with bytes outside visible ASCII or a {@code #}; a version other than {@code HTTP/1.0} and {@code
 * HTTP/1.1}; header names that are not tokens (whitespace before the colon included); control
 * characters in values; folded lines; a missing (HTTP/1.1) or repeated {@code Host}; a malformed or
 * conflicting {@code Content-Length}; both {@code Content-Length} and {@code Transfer-Encoding};
 * {@code Transfer-Encoding} in HTTP/1.0. Targets may be origin-form ({@code /path?query}),
 * absolute-form ({@code http://host/path}), {@code *} (OPTIONS only) or authority-form (CONNECT
 * only, answered 405 by routing).
 */
public final class RequestParser {

  private RequestParser() {}

  /**
   * Parses a head of {@code lines} lines: line {@code i} is {@code b[lineStart[i], lineEnd[i])}
   * without its line ending, line 0 the request line. Reads the arrays during the call only and
   * keeps nothing of them, so the caller reuses them for the next head.
   */
  static RequestHead parse(byte[] b, int[] lineStart, int[] lineEnd, int lines, Limits limits)
      throws HttpException {
    int s = lineStart[0];
    int e = lineEnd[0];
    int sp1 = indexOf(b, s, e, (byte) ' ');
    int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, e, (byte) ' ');
    if (sp1 <= s || sp2 < 0 || sp2 == sp1 + 1 || !HttpSyntax.isToken(b, s, sp1)) {
      throw badRequestLine();
    }
    boolean http10 = version(b, sp2 + 1, e);
    String method = ascii(b, s, sp1);
    String target = ascii(b, sp1 + 1, sp2);
    for (int i = sp1 + 1; i < sp2; i++) {
      if (b[i] <= ' ' || b[i] >= 0x7f || b[i] == '#') {
        throw new HttpException(
            HttpStatus.BAD_REQUEST,
            "malformed request target",
            "send a percent-encoded path such as /metrics",
            http10);
      }
    }
    String path;
    String query = null;
    if (target.charAt(0) == '/' || isAbsolute(target)) {
      int from = target.charAt(0) == '/' ? 0 : pathStart(target);
      int q = target.indexOf('?', from);
      int pathEnd = q < 0 ? target.length() : q;
      path = pathEnd == from ? "/" : target.substring(from, pathEnd);
      if (q >= 0) {
        query = target.substring(q + 1);
        if (query.length() > limits.maxQueryBytes()) {
          throw new HttpException(
              HttpStatus.URI_TOO_LONG,
              "query longer than " + limits.maxQueryBytes() + " bytes",
              "shorten the query",
              http10);
        }
      }
    } else if (target.equals("*") && method.equals("OPTIONS") || method.equals("CONNECT")) {
      path = target;
    } else {
      throw new HttpException(
          HttpStatus.BAD_REQUEST,
          "malformed request target",
          "send a path such as /metrics",
          http10);
    }
    RequestHeaders headers = headers(b, lineStart, lineEnd, lines, http10);
    checkFraming(headers, http10);
    boolean keepAlive =
        http10
            ? headers.hasToken("Connection", "keep-alive")
                && !headers.hasToken("Connection", "close")
            : !headers.hasToken("Connection", "close");
    return new RequestHead(new Request(method, path, query, headers), http10, keepAlive);
  }

  /** True for HTTP/1.0, false for HTTP/1.1; throws for anything else. */
  private static boolean version(byte[] b, int s, int e) throws HttpException {
    if (e - s == 8
        && b[s] == 'H'
        && b[s + 1] == 'T'
        && b[s + 2] == 'T'
        && b[s + 3] == 'P'
        && b[s + 4] == '/'
        && isDigit(b[s + 5])
        && b[s + 6] == '.'
        && isDigit(b[s + 7])) {
      if (b[s + 5] == '1' && (b[s + 7] == '1' || b[s + 7] == '0')) {
        return b[s + 7] == '0';
      }
      throw new HttpException(
          HttpStatus.VERSION_NOT_SUPPORTED, ascii(b, s, e), "use HTTP/1.1 or HTTP/1.0", false);
    }
    throw badRequestLine();
  }

  private static RequestHeaders headers(
      byte[] b, int[] lineStart, int[] lineEnd, int lines, boolean http10) throws HttpException {
    List<String> fields = new ArrayList<>(2 * (lines - 1));
    for (int line = 1; line < lines; line++) {
      int s = lineStart[line];
      int e = lineEnd[line];
      if (HttpSyntax.isWhitespace(b[s])) {
        throw new HttpException(
            HttpStatus.BAD_REQUEST,
            "folded header line " + line,
            "send each header on one line",
            http10);
      }
      int colon = s;
      while (colon < e && b[colon] != ':') {
        if (!HttpSyntax.isTokenChar(b[colon])) {
          throw malformedHeader(line, http10);
        }
        colon++;
      }
      if (colon == s || colon == e) {
        throw malformedHeader(line, http10);
      }
      int vs = colon + 1;
      int ve = e;
      while (vs < ve && HttpSyntax.isWhitespace(b[vs])) {
        vs++;
      }
      while (ve > vs && HttpSyntax.isWhitespace(b[ve - 1])) {
        ve--;
      }
      for (int i = vs; i < ve; i++) {
        int c = b[i] & 0xff;
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          throw new HttpException(
              HttpStatus.BAD_REQUEST,
              "control character in header line " + line,
              "send visible characters only",
              http10);
        }
      }
      fields.add(ascii(b, s, colon));
      fields.add(new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
    }
    return RequestHeaders.adopt(fields);
  }

  private static void checkFraming(RequestHeaders h, boolean http10) throws HttpException {
    int hosts = h.count("Host");
    if (hosts > 1 || hosts == 0 && !http10) {
      throw new HttpException(
          HttpStatus.BAD_REQUEST,
          hosts == 0 ? "missing Host header" : "more than one Host header",
          "send exactly one Host header",
          http10);
    }
    String length = null;
    for (int i = 0; i < h.size(); i++) {
      if (h.name(i).equalsIgnoreCase("Content-Length")) {
        String v = h.value(i);
        if (v.isEmpty()
            || v.length() > 18
            || !v.chars().allMatch(c -> c >= '0' && c <= '9')
            || length != null && !length.equals(v)) {
          throw new HttpException(
              HttpStatus.BAD_REQUEST,
              "invalid Content-Length",
              "send one decimal Content-Length",
              http10);
        }
        length = v;
      }
    }
    if (h.first("Transfer-Encoding") != null) {
      if (length != null) {
        throw new HttpException(
            HttpStatus.BAD_REQUEST,
            "both Content-Length and Transfer-Encoding",
            "send at most one of them",
            http10);
      }
      if (http10) {
        throw new HttpException(
            HttpStatus.BAD_REQUEST,
            "Transfer-Encoding in an HTTP/1.0 request",
            "use HTTP/1.1",
            http10);
      }
    }
  }

  private static boolean isAbsolute(String target) {
    return target.regionMatches(true, 0, "http://", 0, 7)
        || target.regionMatches(true, 0, "https://", 0, 8);
  }

  /** Index of the path (or query) after {@code scheme://authority}; the length if none. */
  private static int pathStart(String target) {
    int from = target.indexOf("//") + 2;
    for (int i = from; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '/' || c == '?') {
        return i;
      }
    }
    return target.length();
  }

  private static HttpException badRequestLine() {
    return new HttpException(
        HttpStatus.BAD_REQUEST, "malformed request line", "send METHOD /path HTTP/1.1", false);
  }

  private static HttpException malformedHeader(int line, boolean http10) {
    return new HttpException(
        HttpStatus.BAD_REQUEST,
        "malformed header line " + line,
        "send Name: value with a token as the name",
        http10);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static int indexOf(byte[] b, int s, int e, byte c) {
    for (int i = s; i < e; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static String ascii(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }
}
