package io.prom4j.internal.server;

import java.util.Objects;

/**
 * One HTTP request as the routing core sees it, from either front end. Immutable.
 *
 * @param method the method, verbatim and case-sensitive ({@code GET}, {@code get}, ...)
 * @param path the path as sent, still percent-encoded; {@code *} for {@code OPTIONS *}
 * @param query the query as sent (after {@code ?}, still percent-encoded), or null if the target
 *     had no {@code ?}
 * @param headers the request headers
 */
public record Request(String method, String path, String query, RequestHeaders headers) {

  public Request {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
  }

  /**
   * True if the request announces a body: any {@code Transfer-Encoding}, or a {@code
   * Content-Length} other than 0. A scrape never has one.
   */
  public boolean hasBody() {
    return HttpSyntax.announcesBody(
        headers.first("Transfer-Encoding"), headers.first("Content-Length"));
  }
}
