package io.prom4j.http;

import io.prom4j.internal.server.Request;
import io.prom4j.internal.server.RequestHandler;
import io.prom4j.internal.server.Response;
import io.prom4j.internal.server.ResponseBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugs {@link ScrapeHandler} into prom4j's engine: the engine's request becomes a {@link
 * ScrapeRequest}, and the answer is collected into the engine's pooled {@link ResponseBuffer},
 * which the engine sends with a {@code Content-Length}, head and body in one write.
 */
final class EngineAdapter implements RequestHandler {

  private final ScrapeHandler handler;

  EngineAdapter(ScrapeHandler handler) {
    this.handler = handler;
  }

  @Override
  public Response handle(Request request, ResponseBuffer body) {
    Answer answer = new Answer(body);
    try {
      handler.handle(new View(request), answer);
    } catch (IOException e) {
      // The buffer is in memory and always resettable, so only a failing writer gets here.
      throw new UncheckedIOException(e);
    }
    return new Response(answer.status, answer.headers, body);
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

  /** Headers and status collected for the engine's {@link Response}; the body is the buffer. */
  private static final class Answer implements ScrapeResponse {
    private final ResponseBuffer body;
    private final List<Response.Header> headers = new ArrayList<>(4);
    private int status;

    Answer(ResponseBuffer body) {
      this.body = body;
    }

    @Override
    public void header(String name, String value) {
      headers.add(new Response.Header(name, value));
    }

    @Override
    public OutputStream body(int status) {
      this.status = status;
      return body;
    }

    @Override
    public boolean reset() {
      headers.clear();
      body.reset();
      return true;
    }
  }
}
