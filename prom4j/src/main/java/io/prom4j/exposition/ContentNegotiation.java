package io.prom4j.exposition;

/**
 * The one content negotiation of prom4j, shared by every HTTP front end: picks the exposition
 * format for an {@code Accept} header and decides on gzip for an {@code Accept-Encoding} header.
 *
 * <pre>{@code
 * ExpositionFormat format = ContentNegotiation.negotiate(request.header("Accept"));
 * boolean gzip = ContentNegotiation.gzipAccepted(request.header("Accept-Encoding"));
 * }</pre>
 *
 * <p>The Python client's rules with HTTP's semantics added. Each {@code Accept} entry that names
 * something we write is a candidate:
 *
 * <ul>
 *   <li>{@code application/openmetrics-text} without {@code version}: OpenMetrics 1.0.0 with
 *       underscores, Content-Type without an escaping parameter;
 *   <li>{@code application/openmetrics-text} with {@code version} 1.0.0 or later: OpenMetrics 1.0.0
 *       with the requested {@code escaping} (underscores if absent or unknown) and Content-Type
 *       {@code application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=<scheme>}. We
 *       always say {@code version=1.0.0} because that is what we write; Python echoes the requested
 *       version (for example {@code 2.0.0});
 *   <li>{@code text/plain} with {@code version} 1.0.0 or later: text 1.0.0 with the requested
 *       escaping, Content-Type {@code text/plain; version=1.0.0; charset=utf-8; escaping=<scheme>};
 *   <li>{@code text/plain} without version or with {@code version=0.0.4}, {@code text/*} and {@code
 *       *}{@code /*}: text 0.0.4;
 *   <li>{@code application/vnd.google.protobuf} with {@code
 *       proto=io.prometheus.client.MetricFamily} and {@code encoding=delimited} (as Prometheus asks
 *       for it): {@link ProtobufFormat} with the requested escaping (underscores if absent or
 *       unknown), Content-Type {@code application/vnd.google.protobuf;
 *       proto=io.prometheus.client.MetricFamily; encoding=delimited; escaping=<scheme>}. Other
 *       {@code proto} or {@code encoding} values (the text encodings) are not written, as in
 *       client_golang.
 * </ul>
 *
 * Unlike Python, the {@code q} values decide: the candidate with the highest {@code q} wins, ties
 * go to the earlier entry and {@code q=0} is never chosen. Media types and parameter names compare
 * case-insensitively; spaces, quoted parameter values and repeated parameters (the last one counts)
 * are tolerated. An entry with a lower or malformed version ({@code version=0.0.1}, {@code
 * version=1.0}, {@code version=abc}) or a malformed {@code q} is skipped. With no candidate, or no
 * header, the answer is text 0.0.4 with underscores. The text formats come without {@code _created}
 * series unless the front end asks for them ({@link #negotiate(String, boolean)}).
 *
 * <p>Formats are shared immutable instances, and parsing allocates almost nothing: this runs on
 * every scrape.
 */
public final class ContentNegotiation {

  private static final EscapingScheme[] SCHEMES = EscapingScheme.values();
  private static final Formats PLAIN = new Formats(false);
  private static final Formats WITH_CREATED = new Formats(true);
  private static final ProtobufFormat[] PROTO = new ProtobufFormat[SCHEMES.length];

  static {
    for (EscapingScheme s : SCHEMES) {
      PROTO[s.ordinal()] = ProtobufFormat.builder().escaping(s).build();
    }
  }

  /** The shared text format instances, with or without {@code _created} series. */
  private static final class Formats {
    final TextFormat text004;
    final OpenMetricsFormat openMetricsPlain;
    final TextFormat[] text100 = new TextFormat[SCHEMES.length];
    final OpenMetricsFormat[] openMetrics100 = new OpenMetricsFormat[SCHEMES.length];

    Formats(boolean created) {
      text004 = created ? TextFormat.builder().createdSeries(true).build() : TextFormat.v004();
      openMetricsPlain =
          created
              ? OpenMetricsFormat.builder().createdSeries(true).build()
              : OpenMetricsFormat.standard();
      for (EscapingScheme s : SCHEMES) {
        text100[s.ordinal()] =
            TextFormat.builder().version("1.0.0").escaping(s).createdSeries(created).build();
        openMetrics100[s.ordinal()] =
            OpenMetricsFormat.builder().escaping(s).createdSeries(created).build();
      }
    }
  }

  // Media types we know.
  private static final int OTHER = 0;
  private static final int OPENMETRICS = 1;
  private static final int TEXT = 2;
  private static final int ANY_TEXT = 3; // */* and text/*
  private static final int PROTOBUF = 4;

  private static final String PROTO_MESSAGE = "io.prometheus.client.MetricFamily";

  // Version parameter classes.
  private static final int ABSENT = 0;
  private static final int MALFORMED = 1;
  private static final int OLD = 2; // parsed, below 1.0.0 and not 0.0.4
  private static final int V004 = 3;
  private static final int V100_OR_LATER = 4;

  private ContentNegotiation() {}

  /**
   * The format to answer a request with this {@code Accept} header.
   *
   * @param accept the header value, or null if the request had none
   * @return a shared format instance; text 0.0.4 when nothing acceptable is offered
   */
  public static ExpositionFormat negotiate(String accept) {
    return negotiate(accept, false);
  }

  /**
   * The format to answer a request with this {@code Accept} header, the text formats with or
   * without {@code _created} series (protobuf always carries created timestamps).
   *
   * @param accept the header value, or null if the request had none
   * @param createdSeries whether the text formats write {@code _created} series
   * @return a shared format instance; text 0.0.4 when nothing acceptable is offered
   */
  public static ExpositionFormat negotiate(String accept, boolean createdSeries) {
    Formats formats = createdSeries ? WITH_CREATED : PLAIN;
    if (accept == null) {
      return formats.text004;
    }
    Entry e = new Entry(accept, formats);
    ExpositionFormat best = null;
    double bestQ = 0;
    int n = accept.length();
    for (int start = 0; start <= n && bestQ < 1.0; ) {
      int end = e.parse(start);
      ExpositionFormat candidate = e.candidate();
      if (candidate != null && e.q > bestQ) {
        best = candidate;
        bestQ = e.q;
      }
      start = end + 1;
    }
    return best != null ? best : formats.text004;
  }

  /**
   * True if this {@code Accept-Encoding} header allows a gzip response: {@code gzip} or {@code
   * x-gzip} with a {@code q} above 0, or {@code *} above 0 when gzip is not listed
   * (case-insensitive). {@code gzip;q=0} refuses, and so do {@code identity} and no header.
   *
   * @param acceptEncoding the header value, or null if the request had none
   */
  public static boolean gzipAccepted(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    Entry e = new Entry(acceptEncoding, PLAIN);
    double gzipQ = -1;
    double starQ = -1;
    int n = acceptEncoding.length();
    for (int start = 0; start <= n; ) {
      int end = e.parse(start);
      if (e.valid) {
        if (e.typeIs("gzip") || e.typeIs("x-gzip")) {
          gzipQ = Math.max(gzipQ, e.q);
        } else if (e.typeIs("*")) {
          starQ = Math.max(starQ, e.q);
        }
      }
      start = end + 1;
    }
    return gzipQ >= 0 ? gzipQ > 0 : starQ > 0;
  }

  /** One comma-separated entry of a header, parsed in place: indices into the header. */
  private static final class Entry {
    private final String h;
    private final Formats formats;
    private int typeStart;
    private int typeEnd;
    boolean valid;
    double q;
    private int version;
    private EscapingScheme escaping;
    private boolean protoMessage; // proto=io.prometheus.client.MetricFamily
    private boolean delimited; // encoding=delimited

    Entry(String header, Formats formats) {
      this.h = header;
      this.formats = formats;
    }

    /** Parses the entry starting at {@code start}; returns the index of its end (a comma). */
    int parse(int start) {
      valid = true;
      q = 1.0;
      version = ABSENT;
      escaping = null;
      protoMessage = false;
      delimited = false;
      int n = h.length();
      int i = skipSpaces(start);
      typeStart = i;
      while (i < n && h.charAt(i) != ';' && h.charAt(i) != ',') {
        i++;
      }
      typeEnd = trimEnd(typeStart, i);
      while (i < n && h.charAt(i) == ';') {
        i = parameter(i + 1);
      }
      return i; // at ',' or n
    }

    /** Parses one {@code name=value} parameter after a ';'; returns the index after it. */
    private int parameter(int start) {
      int n = h.length();
      int nameStart = skipSpaces(start);
      int i = nameStart;
      while (i < n && h.charAt(i) != '=' && h.charAt(i) != ';' && h.charAt(i) != ',') {
        i++;
      }
      int nameEnd = trimEnd(nameStart, i);
      if (i >= n || h.charAt(i) != '=') {
        return i; // a parameter without value ("; charset"): ignored
      }
      int valueStart = skipSpaces(i + 1);
      int valueEnd;
      if (valueStart < n && h.charAt(valueStart) == '"') {
        // Quoted string: the content is what counts; a backslash escapes the next char.
        i = valueStart + 1;
        valueStart = i;
        while (i < n && h.charAt(i) != '"') {
          i += h.charAt(i) == '\\' ? 2 : 1;
        }
        valueEnd = Math.min(i, n);
        i = Math.min(i + 1, n);
        while (i < n && h.charAt(i) != ';' && h.charAt(i) != ',') {
          i++; // junk after the closing quote: ignored
        }
      } else {
        i = valueStart;
        while (i < n && h.charAt(i) != ';' && h.charAt(i) != ',') {
          i++;
        }
        valueEnd = trimEnd(valueStart, i);
      }
      int nameLength = nameEnd - nameStart;
      if (nameLength == 1 && (h.charAt(nameStart) | 0x20) == 'q') {
        q = parseQ(valueStart, valueEnd);
        if (q < 0) {
          valid = false;
        }
      } else if (nameLength == 7 && h.regionMatches(true, nameStart, "version", 0, 7)) {
        version = classifyVersion(valueStart, valueEnd);
      } else if (nameLength == 8 && h.regionMatches(true, nameStart, "escaping", 0, 8)) {
        escaping = scheme(valueStart, valueEnd);
      } else if (nameLength == 5 && h.regionMatches(true, nameStart, "proto", 0, 5)) {
        protoMessage =
            valueEnd - valueStart == PROTO_MESSAGE.length()
                && h.regionMatches(valueStart, PROTO_MESSAGE, 0, PROTO_MESSAGE.length());
      } else if (nameLength == 8 && h.regionMatches(true, nameStart, "encoding", 0, 8)) {
        delimited =
            valueEnd - valueStart == 9 && h.regionMatches(true, valueStart, "delimited", 0, 9);
      }
      return i;
    }

    /** True if the entry's media type (or coding) is {@code s}, ignoring case. */
    boolean typeIs(String s) {
      return typeEnd - typeStart == s.length()
          && h.regionMatches(true, typeStart, s, 0, s.length());
    }

    private int mediaType() {
      if (typeIs("application/openmetrics-text")) {
        return OPENMETRICS;
      } else if (typeIs("text/plain")) {
        return TEXT;
      } else if (typeIs("*/*") || typeIs("text/*")) {
        return ANY_TEXT;
      } else if (typeIs("application/vnd.google.protobuf")) {
        return PROTOBUF;
      }
      return OTHER;
    }

    /** The format this entry asks for, or null if we write nothing it accepts. */
    ExpositionFormat candidate() {
      if (!valid || q <= 0) {
        return null;
      }
      int s = (escaping == null ? EscapingScheme.UNDERSCORES : escaping).ordinal();
      Formats f = formats;
      return switch (mediaType()) {
        case OPENMETRICS ->
            version == ABSENT
                ? f.openMetricsPlain
                : version == V100_OR_LATER ? f.openMetrics100[s] : null;
        case TEXT ->
            version == ABSENT || version == V004
                ? f.text004
                : version == V100_OR_LATER ? f.text100[s] : null;
        case ANY_TEXT -> f.text004;
        case PROTOBUF -> protoMessage && delimited ? PROTO[s] : null;
        default -> null;
      };
    }

    /**
     * Classifies a dotted version against 1.0.0 as Python's tuples compare: {@code 1} and {@code
     * 1.0} are lower than {@code 1.0.0}, {@code 1.0.0.1} and {@code 2.0.0} higher.
     */
    private int classifyVersion(int start, int end) {
      long major = 0;
      long minor = 0;
      long patch = 0;
      int count = 0;
      int i = start;
      while (true) {
        int digitsStart = i;
        long v = 0;
        while (i < end && h.charAt(i) >= '0' && h.charAt(i) <= '9') {
          v = Math.min(v * 10 + (h.charAt(i) - '0'), Integer.MAX_VALUE); // saturates
          i++;
        }
        if (i == digitsStart) {
          return MALFORMED; // an empty component or a non-digit
        }
        switch (count++) {
          case 0 -> major = v;
          case 1 -> minor = v;
          case 2 -> patch = v;
          default -> {} // further components only matter when the first three tie
        }
        if (i == end) {
          break;
        }
        if (h.charAt(i) != '.') {
          return MALFORMED;
        }
        i++;
      }
      if (count == 3 && major == 0 && minor == 0 && patch == 4) {
        return V004;
      }
      if (major != 1) {
        return major > 1 ? V100_OR_LATER : OLD;
      }
      if (count < 2 || minor != 0) {
        return count >= 2 ? V100_OR_LATER : OLD; // (1,) is lower; (1, x>0) higher
      }
      if (count < 3 || patch != 0) {
        return count >= 3 ? V100_OR_LATER : OLD; // (1, 0) is lower; (1, 0, x>0) higher
      }
      return V100_OR_LATER; // (1, 0, 0) and longer
    }

    private EscapingScheme scheme(int start, int end) {
      EscapingScheme s = EscapingScheme.fromHeaderValue(h, start, end);
      return s != null ? s : EscapingScheme.UNDERSCORES; // unknown: underscores, as Python does
    }

    /** A q value in [0, 1] (larger values count as 1), or -1 if malformed. */
    private double parseQ(int start, int end) {
      double v = 0;
      double scale = 1;
      boolean dot = false;
      boolean digits = false;
      for (int i = start; i < end; i++) {
        char c = h.charAt(i);
        if (c >= '0' && c <= '9') {
          digits = true;
          if (dot) {
            scale /= 10;
            v += (c - '0') * scale;
          } else {
            v = Math.min(v * 10 + (c - '0'), 10);
          }
        } else if (c == '.' && !dot) {
          dot = true;
        } else {
          return -1;
        }
      }
      return digits ? Math.min(v, 1.0) : -1;
    }

    private int skipSpaces(int i) {
      int n = h.length();
      while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
        i++;
      }
      return i;
    }

    private int trimEnd(int start, int end) {
      while (end > start && (h.charAt(end - 1) == ' ' || h.charAt(end - 1) == '\t')) {
        end--;
      }
      return end;
    }
  }
}
