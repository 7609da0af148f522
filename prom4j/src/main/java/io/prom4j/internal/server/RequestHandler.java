package io.prom4j.internal.server;

import java.io.IOException;

/**
 * What the engine calls for each well-formed request: the seam between the engine (sockets, HTTP
 * framing, limits) and the scrape core (metrics). Implementations are thread-safe.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * Answers one request through {@code response}: headers, then {@link StreamingResponse#body}
   * exactly once, and the body written to its stream. Never throws for a failure the client should
   * hear about: that becomes an error response.
   *
   * @throws IOException if the client went away, or if the answer failed after part of it was sent
   *     (the engine then closes the connection without completing the response)
   */
  void handle(Request request, StreamingResponse response) throws IOException;
}
