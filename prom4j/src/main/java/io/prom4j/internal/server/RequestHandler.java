package io.prom4j.internal.server;

/**
 * What the engine calls for each well-formed request: the seam between the engine (sockets, HTTP
 * framing, limits) and the routing core (metrics). Implementations are thread-safe.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * Answers one request, writing the body into {@code body} (empty on entry). Never throws for a
   * failure the client should hear about: that becomes an error response.
   */
  Response handle(Request request, ResponseBuffer body);
}
