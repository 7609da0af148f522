package io.prom4j.exposition;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.MetricFamily;
import java.util.List;

/**
 * What one text scrape wrote for a counter, gauge or histogram family, kept so that the next scrape
 * can copy what has not changed: the family's bytes (its header, then each series' lines) with the
 * offset where each series' lines start, and for each series what its lines show: the value (as
 * bits) and a mark compared by identity, the exemplar of a counter's series (or null) and the
 * snapshot itself of a histogram's (whose value bits are then 0). Immutable; valid for one source
 * of points (the metric's children, which a new child replaces) in one dialect and escaping scheme.
 */
final class RenderedFamily {

  /** In place of a rendering too large for the budget that was left: its size, to skip it. */
  record Oversized(Object source, long retained) {

    /** True if {@code slot} says these points took more than {@code budget} when last written. */
    static boolean skips(Object slot, List<? extends DataPoint> points, long budget) {
      return slot instanceof Oversized o
          && o.source == RenderedFamily.source(points)
          && o.retained > budget;
    }
  }

  private final MetricFamily family;
  private final TextDialect dialect;
  private final EscapingScheme scheme;
  final byte[] bytes;
  private final int[] starts; // series i's lines are bytes[starts[i], starts[i + 1])
  private final long[] bits;
  private final Object[] marks; // null: no series showed one
  private final long generation; // the points' generation when their series were read

  RenderedFamily(
      MetricFamily f,
      TextDialect dialect,
      EscapingScheme scheme,
      byte[] bytes,
      int[] starts,
      long[] bits,
      Object[] marks,
      long generation) {
    this.family = f;
    this.dialect = dialect;
    this.scheme = scheme;
    this.bytes = bytes;
    this.starts = starts;
    this.bits = bits;
    this.marks = marks;
    this.generation = generation;
  }

  /**
   * True if no series can have changed since this was rendered: the points' generation, read now
   * before any series, is the one read before this rendering's series were.
   */
  boolean current(long generation) {
    return unchanged(this.generation, generation);
  }

  /**
   * True if no series changed between a read of the points' generation that gave {@code then} and
   * one that gave {@code now} (never for {@link RenderedPoints#UNTRACKED}).
   */
  static boolean unchanged(long then, long now) {
    return now != RenderedPoints.UNTRACKED && now == then;
  }

  /** This rendering, found still exact by reading the series after {@code generation} was read. */
  RenderedFamily at(long generation) {
    return generation == this.generation
        ? this
        : new RenderedFamily(family, dialect, scheme, bytes, starts, bits, marks, generation);
  }

  /** A counter's or a gauge's value: what a kept rendering shows of a series. */
  static double value(DataPoint p) {
    return p instanceof CounterDataPoint c ? c.value() : ((GaugeDataPoint) p).value();
  }

  /** True if this was rendered from {@link #sameFamily} as {@code f}, as these arguments say. */
  boolean renders(MetricFamily f, TextDialect dialect, EscapingScheme scheme) {
    return this.dialect == dialect && this.scheme == scheme && sameFamily(family, f);
  }

  /**
   * The rule by which both kept renderings (this and {@link RenderedRecord}) know their family: the
   * same source of points ({@link #source}) with the same name, help and unit. A family built by
   * hand on a metric's point list (an alias) is not the metric's.
   */
  static boolean sameFamily(MetricFamily kept, MetricFamily f) {
    return source(kept.points()) == source(f.points())
        && kept.name().equals(f.name())
        && kept.help().equals(f.help())
        && kept.unit().equals(f.unit());
  }

  /** What {@code points}' series are read from (identity): see {@link RenderedPoints#source}. */
  static Object source(List<? extends DataPoint> points) {
    return points instanceof RenderedPoints r ? r.source() : points;
  }

  /**
   * Keeps {@code kept} in {@code holder}'s {@code slot} if the {@code retained} bytes it holds fit
   * in {@code budget}, else an {@link Oversized} with that size; returns what is left of the
   * budget. The one budget rule of both kept renderings.
   */
  static long keep(
      RenderedPoints holder,
      int slot,
      List<? extends DataPoint> points,
      Object kept,
      long retained,
      long budget) {
    if (kept != null && retained <= budget) {
      holder.rendered(slot, kept);
      return budget - retained;
    }
    holder.rendered(slot, new Oversized(source(points), retained));
    return budget;
  }

  /** True if series {@code i} showed {@code valueBits} and {@code mark} (identity). */
  boolean shows(int i, long valueBits, Object mark) {
    return bits[i] == valueBits && (marks == null ? mark == null : marks[i] == mark);
  }

  /** Where series {@code i}'s lines start; {@code start(size)} is where the last one's end. */
  int start(int i) {
    return starts[i];
  }

  /**
   * Where the value starts on series {@code i}'s line, if that is its only line and has no
   * exemplar: after the line's last space (a value has none, a label value may).
   */
  int valueStart(int i) {
    int p = starts[i + 1] - 2; // before the newline
    while (bytes[p] != ' ') {
      p--;
    }
    return p + 1;
  }

  /** The value bits that series {@code i} showed. */
  long bits(int i) {
    return bits[i];
  }

  /** The mark that series {@code i} showed, or null. */
  Object mark(int i) {
    return marks == null ? null : marks[i];
  }

  /** The heap this keeps, roughly: the bytes and the per-series arrays. */
  long retained() {
    return bytes.length + perSeries(marks != null) * bits.length + 4;
  }

  /** The bytes per series of the arrays beside the bytes: start, value bits, mark. */
  static long perSeries(boolean marks) {
    return marks ? 16 : 12;
  }
}
