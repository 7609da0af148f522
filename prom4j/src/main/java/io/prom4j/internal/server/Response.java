package io.prom4j.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The routing core's answer: a status, the headers that describe the body, and the body. Framing
 * headers ({@code Date}, {@code Content-Length}, {@code Connection}) are the front end's business
 * and are not listed here.
 *
 * @param status the status code
 * @param headers the headers, in the order they are sent
 * @param body the body bytes, held in the buffer the caller passed to the core
 */
public record Response(int status, List<Header> headers, ResponseBuffer body) {

  private static final Header ERROR_TYPE =
      new Header("Content-Type", HttpStatus.ERROR_CONTENT_TYPE);

  public Response {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /**
   * An error answer: {@code body} emptied and filled with {@link HttpStatus#errorBody}, the {@code
   * extra} headers, then the error Content-Type.
   */
  public static Response error(
      ResponseBuffer body, int status, String what, String hint, Header... extra) {
    body.reset();
    byte[] text = HttpStatus.errorBody(status, what, hint);
    body.write(text, 0, text.length);
    List<Header> headers = new ArrayList<>(extra.length + 1);
    headers.addAll(List.of(extra));
    headers.add(ERROR_TYPE);
    return new Response(status, headers, body);
  }

  /** The first value of the named header, or null. */
  public String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** One response header. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
