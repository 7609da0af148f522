package io.prom4j.exposition;

/**
 * The one content negotiation of prom4j, shared by every HTTP front end: picks the exposition
 * format for an {@code Accept} header and decides on gzip for an {@code Accept-Encoding} header.
 *
 * <p>PLACEHOLDER: always text 0.0.4; the complete negotiation replaces it.
 */
public final class ContentNegotiation {

  private ContentNegotiation() {}

  /** The format to answer a request with this {@code Accept} header (null if absent). */
  public static ExpositionFormat negotiate(String accept) {
    return TextFormat.v004();
  }

  /** True if this {@code Accept-Encoding} header (null if absent) accepts gzip. */
  public static boolean gzipAccepted(String acceptEncoding) {
    return acceptEncoding != null && acceptEncoding.toLowerCase(java.util.Locale.ROOT)
        .contains("gzip");
  }
}
