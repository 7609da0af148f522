package io.prom4j.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A response as {@link RawHttp} read it off the wire. */
public record RawResponse(
    String version, int status, String reason, List<String[]> headers, byte[] body) {

  /** The first value of the named header (case-insensitive), or null. */
  public String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public static final class Builder {
    private final String version;
    private final int status;
    private final String reason;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    public Builder(String version, int status, String reason) {
      this.version = version;
      this.status = status;
      this.reason = reason;
    }

    public void header(String name, String value) {
      headers.add(new String[] {name, value});
    }

    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    public Builder body(byte[] b) {
      body = b;
      return this;
    }

    public RawResponse build() {
      return new RawResponse(version, status, reason, List.copyOf(headers), body);
    }
  }
}
