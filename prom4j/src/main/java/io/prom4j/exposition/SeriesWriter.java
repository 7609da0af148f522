package io.prom4j.exposition;

import io.prom4j.internal.DoubleFormat;
import io.prom4j.internal.LabelsCache;
import io.prom4j.model.Exemplar;
import io.prom4j.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes metadata lines and sample lines for both text formats, under one escaping scheme.
 *
 * <p>Implementation notes (the exposition hot path). Names are escaped and encoded once per family
 * ({@link #sampleName}, {@link #nameToken}); per series only bytes are copied:
 *
 * <ul>
 *   <li>A series' labels are encoded once in its life: <code>&#123;a="x",b="y"</code>, without the
 *       closing brace so that {@code le} or {@code quantile} can follow, is kept in the cache slot
 *       of its {@link Labels} (through {@link LabelsCache}), as a bare array that the slot's
 *       release store publishes. Only sets whose label names are all legacy-valid are cached: then
 *       the bytes are the same under every scheme and in both formats. Other sets are encoded on
 *       every scrape. Measured on 10,000 series: 1,964 scrapes/s with the cache against 509 without
 *       it (3.9x; 2.0x with the buffer pool off as well, 1,861 against 924), allocating nothing
 *       more for the cache ({@code java -cp prom4j-benchmarks/target/benchmarks.jar
 *       io.prom4j.benchmarks.RunJmh WriterTricksBenchmark}, JDK 17, 2 cores, medians of one run).
 *   <li>The special label ({@code le="0.005"}, {@code quantile="0.5"}) is formatted once per family
 *       and bucket index and reused while the next series has the same bound.
 *   <li>Nothing is allocated per series once the caches are warm.
 * </ul>
 *
 * One instance serves one write on one thread.
 */
final class SeriesWriter {

  /** Read once: the accessor is a plain field read after class initialization. */
  private static final LabelsCache.Access LABELS = LabelsCache.access();

  /** {@code le="}: a histogram bucket's special label, up to its bound. */
  static final byte[] LE = ascii("le=\"");

  /** {@code quantile="}: a summary quantile's special label, up to its value. */
  static final byte[] QUANTILE = ascii("quantile=\"");

  private static final byte[] HELP = ascii("# HELP ");
  private static final byte[] TYPE = ascii("# TYPE ");
  private static final byte[] UNIT = ascii("# UNIT ");
  private static final byte[] EXEMPLAR = ascii(" # ");
  private static final byte[] NO_BYTES = new byte[0];

  /**
   * A sample name prepared for one family: the escaped name, or for a quoted (allow-utf-8) name
   * <code>&#123;"name"</code>, after which labels continue with a comma.
   */
  static final class SampleName {
    final byte[] bytes;
    final boolean quoted;

    private SampleName(byte[] bytes, boolean quoted) {
      this.bytes = bytes;
      this.quoted = quoted;
    }
  }

  final ByteWriter w;
  final EscapingScheme scheme;

  /** False only in {@code WriterTricksBenchmark}'s A/B run: encode labels on every scrape. */
  private final boolean cacheLabels;

  // Special label cache: per bucket (or quantile) index, the bytes `le="0.005"}` for the bound
  // in specialKeys[i]. Reset per family; grows to the largest bucket count seen.
  private byte[] specialPrefix;
  private double[] specialKeys;
  private byte[][] specialBytes;
  private byte[] scratch;

  SeriesWriter(ByteWriter w, EscapingScheme scheme) {
    this(w, scheme, true);
  }

  /** With {@code cacheLabels} false, neither reads nor fills the label cache (for benchmarks). */
  SeriesWriter(ByteWriter w, EscapingScheme scheme, boolean cacheLabels) {
    this.w = w;
    this.scheme = scheme;
    this.cacheLabels = cacheLabels;
  }

  /** The bytes of an ASCII constant (keywords, fixed label prefixes). */
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The sample name {@code fullName} (with suffix) as sample lines start with it. */
  SampleName sampleName(String fullName) {
    byte[] token = NameEscaper.metricNameToken(fullName, scheme);
    if (scheme == EscapingScheme.ALLOW_UTF8 && !NameEscaper.isLegacyMetricName(fullName)) {
      byte[] open = new byte[token.length + 1]; // {"name": labels continue inside the braces
      open[0] = '{';
      System.arraycopy(token, 0, open, 1, token.length);
      return new SampleName(open, true);
    }
    return new SampleName(token, false);
  }

  /** The metric name as metadata lines write it (escaped or quoted). */
  byte[] nameToken(String name) {
    return NameEscaper.metricNameToken(name, scheme);
  }

  /** {@code <labelName>="} for a special label such as a state set's own name. */
  byte[] labelPrefix(String labelName) {
    byte[] token = NameEscaper.labelNameToken(labelName, scheme);
    byte[] prefix = Arrays.copyOf(token, token.length + 2);
    prefix[token.length] = '=';
    prefix[token.length + 1] = '"';
    return prefix;
  }

  /** {@code # HELP <name> <text>}; {@code quote} also escapes {@code "} (OpenMetrics). */
  void help(byte[] name, String text, boolean quote) throws IOException {
    w.write(HELP);
    w.write(name);
    w.write((byte) ' ');
    w.string(text, quote ? ByteWriter.QUOTED : ByteWriter.HELP);
    w.write((byte) '\n');
  }

  /** {@code # TYPE <name> <type>}. */
  void type(byte[] name, byte[] type) throws IOException {
    w.write(TYPE);
    w.write(name);
    w.write((byte) ' ');
    w.write(type);
    w.write((byte) '\n');
  }

  /** {@code # UNIT <name> <unit>}. */
  void unit(byte[] name, byte[] unit) throws IOException {
    w.write(UNIT);
    w.write(name);
    w.write((byte) ' ');
    w.write(unit);
    w.write((byte) '\n');
  }

  /** Writes a whole sample line {@code name{labels} value\n} with a double value. */
  void sample(SampleName name, Labels labels, double v) throws IOException {
    byte[] cached = cachedLabels(name, labels);
    if (cached == null) {
      begin(name, labels);
      value(v);
      return;
    }
    int p = DoubleFormat.writeCanonical(w.buf, cachedPrefix(name, cached), v);
    w.buf[p++] = '\n';
    w.pos = p;
  }

  /**
   * Writes a sample line from a prefix {@code name{labels} } kept from an earlier line ({@code len}
   * bytes of {@code prefix} from {@code off}) and a double value.
   */
  void sample(byte[] prefix, int off, int len, double v) throws IOException {
    w.ensure(len + DoubleFormat.MAX_LENGTH + 1);
    byte[] b = w.buf;
    System.arraycopy(prefix, off, b, w.pos, len);
    int p = DoubleFormat.writeCanonical(b, w.pos + len, v);
    b[p++] = '\n';
    w.pos = p;
  }

  /** Writes a whole sample line {@code name{labels} value\n} with an integer value. */
  void sample(SampleName name, Labels labels, long v) throws IOException {
    byte[] cached = cachedLabels(name, labels);
    if (cached == null) {
      begin(name, labels);
      value(v);
      return;
    }
    int p = DoubleFormat.writeLong(w.buf, cachedPrefix(name, cached), v);
    w.buf[p++] = '\n';
    w.pos = p;
  }

  /**
   * The fast path of a sample line (a legacy name and cached labels): makes room for the whole line
   * with one capacity check, copies {@code name{labels} } into the buffer and returns the position
   * where the value goes. The caller writes the value and the newline.
   */
  private int cachedPrefix(SampleName name, byte[] cached) throws IOException {
    byte[] n = name.bytes;
    // name, labels, '}', ' ', the value (at most MAX_LENGTH bytes, a long fits too) and '\n'
    w.ensure(n.length + cached.length + DoubleFormat.MAX_LENGTH + 3);
    byte[] b = w.buf;
    int p = w.pos;
    System.arraycopy(n, 0, b, p, n.length);
    p += n.length;
    if (cached.length > 0) {
      System.arraycopy(cached, 0, b, p, cached.length);
      p += cached.length;
      b[p++] = '}';
    }
    b[p++] = ' ';
    return p;
  }

  /**
   * The cached encoding of {@code labels} if the fast path applies (an unquoted name, and no labels
   * or labels cached already), else null.
   */
  private byte[] cachedLabels(SampleName name, Labels labels) {
    if (name.quoted) {
      return null;
    }
    if (labels.isEmpty()) {
      return NO_BYTES;
    }
    return cacheLabels && LABELS.get(labels) instanceof byte[] cached ? cached : null;
  }

  /** Writes {@code name{labels} } (no special label). */
  void begin(SampleName name, Labels labels) throws IOException {
    if (open(name, labels)) {
      w.write((byte) '}');
    }
  }

  /** Writes {@code name{labels,<prefix><value>"} } where prefix is {@code state="}. */
  void begin(SampleName name, Labels labels, byte[] prefix, String value) throws IOException {
    w.write(open(name, labels) ? (byte) ',' : (byte) '{');
    w.write(prefix);
    w.string(value, ByteWriter.QUOTED);
    w.ensure(2);
    w.buf[w.pos++] = '"';
    w.buf[w.pos++] = '}';
  }

  /** Starts a family's special label ({@code le="} or {@code quantile="}). */
  void special(byte[] prefix) {
    specialPrefix = prefix;
    if (specialBytes == null) {
      specialKeys = new double[16];
      specialBytes = new byte[16][];
      scratch = new byte[DoubleFormat.MAX_LENGTH];
    } else {
      Arrays.fill(specialBytes, null);
    }
  }

  /** Writes {@code name{labels,le="<bound>"} }, bound {@code i} of the family's special label. */
  void begin(SampleName name, Labels labels, int i, double bound) throws IOException {
    boolean open = open(name, labels);
    if (i >= specialBytes.length) {
      specialBytes = Arrays.copyOf(specialBytes, Math.max(i + 1, 2 * specialBytes.length));
      specialKeys = Arrays.copyOf(specialKeys, specialBytes.length);
    }
    byte[] b = specialBytes[i];
    if (b == null
        || Double.doubleToRawLongBits(specialKeys[i]) != Double.doubleToRawLongBits(bound)) {
      int n = DoubleFormat.writeCanonical(scratch, 0, bound);
      b = Arrays.copyOf(specialPrefix, specialPrefix.length + n + 2);
      System.arraycopy(scratch, 0, b, specialPrefix.length, n);
      b[b.length - 2] = '"';
      b[b.length - 1] = '}';
      specialBytes[i] = b;
      specialKeys[i] = bound;
    }
    w.ensure(b.length + 1);
    w.buf[w.pos++] = open ? (byte) ',' : (byte) '{';
    System.arraycopy(b, 0, w.buf, w.pos, b.length);
    w.pos += b.length;
  }

  /** Ends a sample line with a double value: {@code " <value>\n"}. */
  void value(double v) throws IOException {
    w.ensure(DoubleFormat.MAX_LENGTH + 2);
    byte[] b = w.buf;
    b[w.pos++] = ' ';
    int p = DoubleFormat.writeCanonical(b, w.pos, v);
    b[p++] = '\n';
    w.pos = p;
  }

  /** Ends a sample line with an integer value: {@code " <value>\n"}. */
  void value(long v) throws IOException {
    w.ensure(22);
    byte[] b = w.buf;
    b[w.pos++] = ' ';
    int p = DoubleFormat.writeLong(b, w.pos, v);
    b[p++] = '\n';
    w.pos = p;
  }

  /** Writes {@code " <value>"} without ending the line (an exemplar follows). */
  void valueNoNewline(double v) throws IOException {
    w.write((byte) ' ');
    w.canonical(v);
  }

  /** Writes {@code " <value>"} without ending the line (an exemplar follows). */
  void valueNoNewline(long v) throws IOException {
    w.write((byte) ' ');
    w.decimal(v);
  }

  /** Writes an OpenMetrics exemplar {@code " # {labels} value[ timestamp]"} and the newline. */
  void exemplarAndNewline(Exemplar e) throws IOException {
    if (e != null) {
      w.write(EXEMPLAR);
      Labels l = e.labels();
      w.write((byte) '{');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          w.write((byte) ',');
        }
        label(l.name(i), l.value(i));
      }
      w.write((byte) '}');
      w.write((byte) ' ');
      w.canonical(e.value());
      if (!Double.isNaN(e.timestamp())) {
        w.write((byte) ' ');
        w.canonical(e.timestamp());
      }
    }
    w.write((byte) '\n');
  }

  /**
   * Writes the name and the series' labels without the closing brace; returns true if a brace is
   * open (labels were written, or the name is quoted and inside braces).
   */
  private boolean open(SampleName name, Labels labels) throws IOException {
    w.write(name.bytes);
    if (labels.isEmpty()) {
      return name.quoted;
    }
    if (cacheLabels && LABELS.get(labels) instanceof byte[] b) {
      w.ensure(b.length);
      System.arraycopy(b, 0, w.buf, w.pos, b.length);
      if (name.quoted) {
        w.buf[w.pos] = ','; // `{"name"` is open already: the labels continue it
      }
      w.pos += b.length;
      return true;
    }
    int bound = 0;
    boolean legacy = true;
    for (int i = 0; i < labels.size(); i++) {
      legacy &= NameEscaper.isLegacyLabelName(labels.name(i));
      bound += labels.name(i).length() + 3 * labels.value(i).length() + 4;
    }
    if (!legacy) {
      for (int i = 0; i < labels.size(); i++) {
        w.write(i > 0 || name.quoted ? (byte) ',' : (byte) '{');
        label(labels.name(i), labels.value(i));
      }
      return true;
    }
    // Encode in place (room for the whole set first, so no flush moves it), then keep a copy.
    w.ensure(bound);
    int start = w.pos;
    byte[] b = w.buf;
    int p = start;
    for (int i = 0; i < labels.size(); i++) {
      b[p++] = i == 0 ? (byte) '{' : (byte) ',';
      String n = labels.name(i);
      for (int j = 0; j < n.length(); j++) {
        b[p++] = (byte) n.charAt(j);
      }
      b[p++] = '=';
      b[p++] = '"';
      p = ByteWriter.string(b, p, labels.value(i), ByteWriter.QUOTED);
      b[p++] = '"';
    }
    if (cacheLabels) {
      LABELS.set(labels, Arrays.copyOfRange(b, start, p)); // published by a release store
    }
    if (name.quoted) {
      b[start] = ',';
    }
    w.pos = p;
    return true;
  }

  /** Writes {@code name="value"} with the name escaped or quoted as the scheme says. */
  private void label(String name, String value) throws IOException {
    if (NameEscaper.isLegacyLabelName(name)) {
      w.ascii(name); // unchanged under every scheme: skip the token's allocation
    } else {
      w.write(NameEscaper.labelNameToken(name, scheme));
    }
    w.ensure(2);
    w.buf[w.pos++] = '=';
    w.buf[w.pos++] = '"';
    w.string(value, ByteWriter.QUOTED);
    w.write((byte) '"');
  }
}
