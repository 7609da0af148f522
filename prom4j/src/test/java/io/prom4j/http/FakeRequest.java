package io.prom4j.http;

import java.util.Objects;

/**
 * A {@link ScrapeRequest} from literal values, for tests of the scrape core.
 *
 * @param headers alternating names and values; repeated names are joined with {@code ", "}
 */
record FakeRequest(String method, String path, String query, String... headers)
    implements ScrapeRequest {

  FakeRequest {
    Objects.requireNonNull(method);
    Objects.requireNonNull(path);
  }

  @Override
  public String header(String name) {
    String joined = null;
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase(name)) {
        joined = joined == null ? headers[i + 1] : joined + ", " + headers[i + 1];
      }
    }
    return joined;
  }
}
