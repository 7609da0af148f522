package io.prom4j.exposition;

import io.prom4j.model.DataPoint;
import io.prom4j.model.MetricFamily;
import java.util.List;

/**
 * What one protobuf scrape wrote for a histogram or gauge histogram family of prom4j's own, kept
 * for the next: the family's delimited record, where each series' Metric message sits in it, and
 * the snapshot each one was encoded from. A series hands back the same snapshot while it has not
 * changed (count, sum, buckets, exemplars and created time all in it), so a scrape copies the
 * Metric of every series whose snapshot is the same object and encodes only the others. Immutable;
 * valid for one source of points under one escaping scheme.
 */
final class RenderedSnapshots {

  /** The bytes per series beside the record: where its Metric starts, and its snapshot. */
  static final long PER_SERIES = 12;

  final byte[] record;
  private final MetricFamily family;
  private final EscapingScheme escaping;
  private final int body; // where the record's body starts, after its varint length
  private final int[] starts; // series i's Metric: body + starts[i] up to body + starts[i + 1]
  private final DataPoint[] snapshots;

  /**
   * The rendering of {@code record}, just encoded from {@code snapshots} (the family's points);
   * {@code starts[i]} is where series {@code i}'s Metric starts in the record's body, {@code
   * starts[n]} where the last one ends.
   */
  RenderedSnapshots(
      MetricFamily family,
      EscapingScheme escaping,
      byte[] record,
      int[] starts,
      DataPoint[] snapshots) {
    this.family = family;
    this.escaping = escaping;
    this.record = record;
    this.body = lengthSize(record);
    this.starts = starts;
    this.snapshots = snapshots;
  }

  /** The bytes of the varint in front of a record: its body's length. */
  private static int lengthSize(byte[] record) {
    int n = 1;
    while (record[n - 1] < 0) {
      n++;
    }
    return n;
  }

  /** True if this was encoded from {@link RenderedFamily#sameFamily} as {@code f} under this. */
  boolean renders(MetricFamily f, EscapingScheme escaping) {
    return this.escaping == escaping && RenderedFamily.sameFamily(family, f);
  }

  /** The first series whose snapshot is not the one encoded here, or {@code points.size()}. */
  int firstChanged(List<? extends DataPoint> points) {
    int i = 0;
    while (i < points.size() && shows(i, points.get(i))) {
      i++;
    }
    return i;
  }

  /** True if series {@code i} was encoded from {@code snapshot} (identity). */
  boolean shows(int i, DataPoint snapshot) {
    return snapshots[i] == snapshot;
  }

  /** Writes the record's body up to where series {@code i}'s Metric starts: header and Metrics. */
  void writeBodyBefore(ProtoWriter w, int i) {
    w.raw(record, body, starts[i]);
  }

  /** Writes series {@code i}'s Metric as encoded here. */
  void writeMetric(ProtoWriter w, int i) {
    w.raw(record, body + starts[i], starts[i + 1] - starts[i]);
  }

  /** The snapshot series {@code i} was encoded from. */
  DataPoint snapshot(int i) {
    return snapshots[i];
  }

  /** Where series {@code i}'s Metric starts in the body. */
  int start(int i) {
    return starts[i];
  }

  /** The heap this keeps, roughly: the record and the per-series arrays. */
  long retained() {
    return record.length + PER_SERIES * snapshots.length;
  }
}
