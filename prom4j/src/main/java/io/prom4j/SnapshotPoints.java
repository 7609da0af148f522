package io.prom4j;

import io.prom4j.internal.RenderedPoints;
import io.prom4j.model.DataPoint;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The points of one scrape of a metric whose children hand out snapshots (a histogram's): an
 * immutable list of them that keeps its renderings in the child list's slots. A child hands back
 * the same snapshot while it has not changed, so the writers can copy what they wrote for it.
 */
final class SnapshotPoints<P extends DataPoint> extends AbstractList<P>
    implements RandomAccess, RenderedPoints {
  private final P[] points;
  private final RenderedPoints children;

  /** {@code points[i]} is the snapshot of {@code children}' i-th child; the array is not copied. */
  SnapshotPoints(P[] points, RenderedPoints children) {
    this.points = points;
    this.children = children;
  }

  @Override
  public P get(int index) {
    Objects.checkIndex(index, points.length);
    return points[index];
  }

  @Override
  public int size() {
    return points.length;
  }

  @Override
  public Object source() {
    return children.source();
  }

  @Override
  public Object rendered(int slot) {
    return children.rendered(slot);
  }

  @Override
  public void rendered(int slot, Object value) {
    children.rendered(slot, value);
  }
}
