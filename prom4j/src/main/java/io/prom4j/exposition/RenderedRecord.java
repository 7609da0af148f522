package io.prom4j.exposition;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.MetricFamily;
import java.util.List;

/**
 * What one protobuf scrape wrote for a counter or gauge family, kept for the next: the family's
 * delimited record, where each series' value (a fixed64) sits in it, and each series' value bits
 * and exemplar. A value is eight bytes whatever it is, so new values are patched into a copy of the
 * record; a new exemplar changes lengths, and the family is then encoded again. Immutable; valid
 * for one point list under one escaping scheme.
 */
final class RenderedRecord {

  private static final int VALUE_TAG = 1 << 3 | ProtoWriter.FIXED64; // field 1 of Counter, Gauge

  final byte[] record;
  private final MetricFamily family;
  private final EscapingScheme escaping;
  private final int[] valueAt;
  private final long[] bits;
  private final Exemplar[] exemplars; // null: a gauge family, or no series showed one
  private final long generation; // the points' generation when their series were read

  private RenderedRecord(
      MetricFamily family,
      EscapingScheme escaping,
      byte[] record,
      int[] valueAt,
      long[] bits,
      Exemplar[] exemplars,
      long generation) {
    this.family = family;
    this.escaping = escaping;
    this.record = record;
    this.valueAt = valueAt;
    this.bits = bits;
    this.exemplars = exemplars;
    this.generation = generation;
  }

  /**
   * The rendering of {@code record}, just encoded from {@code points} with these exemplars ({@code
   * shown}, null for a gauge family); {@code valueField} is the Metric field that holds the value
   * message (3 for a counter, 2 for a gauge); {@code generation} is the points' generation read
   * before the series were.
   */
  static RenderedRecord of(
      MetricFamily f,
      EscapingScheme escaping,
      byte[] record,
      int valueField,
      Exemplar[] shown,
      long generation) {
    List<? extends DataPoint> points = f.points();
    int n = points.size();
    int[] valueAt = valueOffsets(record, n, valueField);
    long[] bits = new long[n];
    for (int i = 0; i < n; i++) {
      bits[i] = littleEndian(record, valueAt[i]);
    }
    boolean any = false;
    for (int i = 0; shown != null && i < n; i++) {
      any |= shown[i] != null;
    }
    return new RenderedRecord(f, escaping, record, valueAt, bits, any ? shown : null, generation);
  }

  /** True if this was encoded from {@link RenderedFamily#sameFamily} as {@code f} under this. */
  boolean renders(MetricFamily f, EscapingScheme escaping) {
    return this.escaping == escaping && RenderedFamily.sameFamily(family, f);
  }

  /**
   * This rendering with the series' current values, {@code generation} being the points' generation
   * read just now: this one, without reading a series, if the generation says none changed since it
   * was encoded; else, reading each series once, this one (at the new generation) if none changed,
   * a patched copy if values changed (having moved {@code holder}'s count on: {@link
   * RenderedPoints#moveOn}), null if an exemplar changed (encode again).
   */
  RenderedRecord current(long generation, RenderedPoints holder) {
    if (RenderedFamily.unchanged(this.generation, generation)) {
      return this;
    }
    List<? extends DataPoint> points = family.points();
    byte[] patched = null;
    long[] newBits = bits;
    for (int i = 0; i < valueAt.length; i++) {
      DataPoint p = points.get(i);
      if (p instanceof CounterDataPoint c
          && c.exemplar() != (exemplars == null ? null : exemplars[i])) {
        return null;
      }
      long b = Double.doubleToRawLongBits(RenderedFamily.value(p));
      if (b != bits[i]) {
        if (patched == null) {
          patched = record.clone();
          newBits = bits.clone();
        }
        newBits[i] = b;
        for (int j = 0, at = valueAt[i]; j < 8; j++, b >>>= 8) {
          patched[at + j] = (byte) b;
        }
      }
    }
    if (patched == null && generation == this.generation) {
      return this;
    }
    if (patched != null) {
      generation = holder.moveOn(generation);
    }
    return new RenderedRecord(
        family,
        escaping,
        patched == null ? record : patched,
        valueAt,
        newBits,
        exemplars,
        generation);
  }

  /** The bytes per series of the arrays beside the record: offset, value bits, exemplar. */
  static final long PER_SERIES = 16;

  /** The heap this keeps, roughly. */
  long retained() {
    return record.length + PER_SERIES * valueAt.length;
  }

  /** Where each Metric's value bytes start: after field 1's key inside field {@code valueField}. */
  private static int[] valueOffsets(byte[] r, int n, int valueField) {
    int[] at = new int[n];
    int[] p = {0};
    varint(r, p); // the record's length
    int i = 0;
    while (p[0] < r.length) {
      int key = (int) varint(r, p);
      if (key != (4 << 3 | ProtoWriter.LENGTH_DELIMITED)) { // not a Metric: name, help, type, unit
        skip(r, p, key & 7);
        continue;
      }
      int end = (int) varint(r, p) + p[0];
      while (p[0] < end) {
        int k = (int) varint(r, p);
        if (k == (valueField << 3 | ProtoWriter.LENGTH_DELIMITED)) {
          int length = (int) varint(r, p);
          if (r[p[0]] != VALUE_TAG) {
            throw new IllegalStateException("value message does not start with its value");
          }
          at[i] = p[0] + 1;
          p[0] += length;
        } else {
          skip(r, p, k & 7);
        }
      }
      i++;
    }
    if (i != n) {
      throw new IllegalStateException(n + " series but " + i + " Metric messages");
    }
    return at;
  }

  private static long varint(byte[] r, int[] p) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = r[p[0]++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }

  private static void skip(byte[] r, int[] p, int wireType) {
    switch (wireType) {
      case ProtoWriter.VARINT -> varint(r, p);
      case ProtoWriter.FIXED64 -> p[0] += 8;
      case ProtoWriter.LENGTH_DELIMITED -> {
        int length = (int) varint(r, p);
        p[0] += length;
      }
      default -> throw new IllegalStateException("wire type " + wireType);
    }
  }

  private static long littleEndian(byte[] r, int at) {
    long v = 0;
    for (int j = 7; j >= 0; j--) {
      v = v << 8 | (r[at + j] & 0xFF);
    }
    return v;
  }
}
