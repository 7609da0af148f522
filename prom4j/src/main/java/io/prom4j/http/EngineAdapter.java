package io.prom4j.http;

import io.prom4j.internal.server.Request;
import io.prom4j.internal.server.RequestHandler;
import io.prom4j.internal.server.StreamingResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Plugs {@link ScrapeHandler} into prom4j's engine: the engine's request becomes a {@link
 * ScrapeRequest}, and the answer goes to the engine's {@link StreamingResponse}, which sends a
 * small body with a {@code Content-Length} (head and body in one write) and streams a large one
 * with chunked transfer coding from a bounded buffer.
 */
final class EngineAdapter implements RequestHandler {

  private final ScrapeHandler handler;

  EngineAdapter(ScrapeHandler handler) {
    this.handler = handler;
  }

  @Override
  public void handle(Request request, StreamingResponse response) throws IOException {
    handler.handle(new View(request), new Answer(response));
  }

  /** The engine's request, as the scrape core reads it. */
  private record View(Request request) implements ScrapeRequest {
    @Override
    public String method() {
      return request.method();
    }

    @Override
    public String path() {
      return request.path();
    }

    @Override
    public String query() {
      return request.query();
    }

    @Override
    public String header(String name) {
      return request.headers().joined(name);
    }
  }

  /** The engine's response, as the scrape core writes it. */
  private record Answer(StreamingResponse response) implements ScrapeResponse {
    @Override
    public void header(String name, String value) {
      response.header(name, value);
    }

    @Override
    public OutputStream body(int status) {
      return response.body(status);
    }

    @Override
    public boolean reset() {
      return response.reset();
    }
  }
}
