package io.prom4j.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A response as {@link RawHttp} read it off the wire. */
record RawResponse(String version, int status, String reason, List<String[]> headers, byte[] body) {

  /** The first value of the named header (case-insensitive), or null. */
  String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  static final class Builder {
    private final String version;
    private final int status;
    private final String reason;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    Builder(String version, int status, String reason) {
      this.version = version;
      this.status = status;
      this.reason = reason;
    }

    void header(String name, String value) {
      headers.add(new String[] {name, value});
    }

    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    Builder body(byte[] b) {
      body = b;
      return this;
    }

    RawResponse build() {
      return new RawResponse(version, status, reason, List.copyOf(headers), body);
    }
  }
}
