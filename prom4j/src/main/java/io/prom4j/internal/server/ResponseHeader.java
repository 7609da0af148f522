package io.prom4j.internal.server;

import java.util.Objects;

/**
 * One response header, as the scrape core hands it to the engine; framing headers ({@code Date},
 * {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}) are the engine's own.
 */
record ResponseHeader(String name, String value) {
  ResponseHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
