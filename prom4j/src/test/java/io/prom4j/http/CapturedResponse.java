package io.prom4j.http;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link ScrapeResponse} that keeps what the handler wrote, for tests of the scrape core. */
final class CapturedResponse implements ScrapeResponse {

  private final List<String[]> headers = new ArrayList<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final boolean resettable;
  private int status;
  private int bodyCalls;

  CapturedResponse() {
    this(true);
  }

  /**
   * @param resettable whether {@link #reset()} succeeds (false: as if bytes were sent)
   */
  CapturedResponse(boolean resettable) {
    this.resettable = resettable;
  }

  @Override
  public void header(String name, String value) {
    headers.add(new String[] {name, value});
  }

  @Override
  public OutputStream body(int status) {
    this.status = status;
    bodyCalls++;
    return body;
  }

  @Override
  public boolean reset() {
    if (!resettable) {
      return false;
    }
    headers.clear();
    body.reset();
    bodyCalls = 0;
    return true;
  }

  int status() {
    return status;
  }

  /** How often {@link #body} was called since the last reset. */
  int bodyCalls() {
    return bodyCalls;
  }

  /** The first value of the named header, or null. */
  String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  List<String> headerNames() {
    return headers.stream().map(h -> h[0]).toList();
  }

  byte[] bytes() {
    return body.toByteArray();
  }

  int length() {
    return body.size();
  }

  String text() {
    return body.toString(StandardCharsets.UTF_8);
  }
}
