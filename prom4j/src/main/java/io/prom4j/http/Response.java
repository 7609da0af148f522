package io.prom4j.http;

import java.util.List;
import java.util.Objects;

/**
 * The routing core's answer: a status, the headers that describe the body, and the body.
 * Framing headers ({@code Date}, {@code Content-Length}, {@code Connection}) are the front
 * end's business and are not listed here.
 *
 * @param status the status code
 * @param headers the headers, in the order they are sent
 * @param body the body bytes, held in the buffer the caller passed to the core
 */
record Response(int status, List<Header> headers, ResponseBuffer body) {

  Response {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** The first value of the named header, or null. */
  String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** One response header. */
  record Header(String name, String value) {
    Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }
}
