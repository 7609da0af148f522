package io.prom4j.internal.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header value (IMF-fixdate, RFC 9110 section 5.6.7), formatted once per second
 * and shared by all connections.
 */
public final class HttpDate {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** The last value; replaced, never mutated, so a racy read sees a whole pair. */
  private static volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

  private HttpDate() {}

  /** The current date, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String now() {
    long second = Math.floorDiv(System.currentTimeMillis(), 1000);
    Stamp s = last;
    if (s.second != second) {
      s = new Stamp(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
      last = s;
    }
    return s.text;
  }

  private record Stamp(long second, String text) {}
}
