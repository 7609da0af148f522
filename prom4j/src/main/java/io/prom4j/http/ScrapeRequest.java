package io.prom4j.http;

/**
 * One HTTP request as {@link ScrapeHandler} reads it: what a front end (the built-in server, a JDK
 * {@code HttpServer} handler, a servlet, yours) passes in. Implementations are views over the front
 * end's own request object and are used by one thread for one request.
 *
 * <pre>{@code
 * ScrapeRequest request = new ScrapeRequest() {
 *   public String method() { return servletRequest.getMethod(); }
 *   public String path() { return servletRequest.getPathInfo() == null ? "/" : ...; }
 *   public String query() { return servletRequest.getQueryString(); }
 *   public String header(String name) { ... all values joined with ", " ... }
 * };
 * }</pre>
 */
public interface ScrapeRequest {

  /** The method, verbatim and case-sensitive ({@code GET}, {@code get}, {@code HEAD}, ...). */
  String method();

  /**
   * The path as sent, still percent-encoded, relative to where the front end is mounted when it has
   * a mount point (a servlet's path info); {@code /favicon.ico} is recognised here.
   */
  String path();

  /** The query as sent (after {@code ?}, still percent-encoded), or null without a {@code ?}. */
  String query();

  /**
   * Every value of the named header (case-insensitive name) joined with {@code ", "} in the order
   * received, as HTTP combines repeated list fields; null if the request has none.
   */
  String header(String name);
}
