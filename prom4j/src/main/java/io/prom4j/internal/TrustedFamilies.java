package io.prom4j.internal;

import io.prom4j.model.DataPoint;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The trusted path into {@link MetricFamily} for prom4j's own metrics, and the naming rule that
 * both paths share.
 *
 * <p>{@link MetricFamily}'s constructor normalises the name (a counter's {@code _total}, an info's
 * {@code _info} removed), checks the unit and checks every point's type: right for a custom
 * collector, waste for a prom4j metric, whose builder checked its name and unit once and whose
 * children are points of its type. A family built by {@link #family} skips that work on every
 * scrape: its name is taken as it is and its points are not looked at.
 *
 * <p>A deliberate cycle: {@code MetricFamily} asks this class whether its points are trusted, and
 * this class builds {@code MetricFamily}s. The alternative, a public trusted constructor, would
 * make the unchecked path public API (this package is not exported by the module).
 */
public final class TrustedFamilies {
  private TrustedFamilies() {}

  /**
   * A family whose name, unit and points the caller guarantees: the name is the family name (no
   * sample suffix to remove), the unit passed {@link #checkUnit}, and every point implements {@link
   * MetricFamily#pointType(MetricType)} of {@code type}.
   */
  public static MetricFamily family(
      String name, String help, MetricType type, String unit, List<? extends DataPoint> points) {
    return new MetricFamily(name, help, type, unit, new Trusted(points));
  }

  /**
   * For {@link MetricFamily}'s constructor: the points of a list made by {@link #family}, or null
   * if {@code points} is any other list (to be checked).
   */
  public static List<? extends DataPoint> trustedPoints(List<? extends DataPoint> points) {
    return points instanceof Trusted t ? t.points : null;
  }

  /**
   * The one copy of the rule that info and state set metrics take no unit.
   *
   * @param name the metric's name, for the message
   * @throws IllegalArgumentException if {@code unit} is not empty and {@code type} takes none
   */
  public static void checkUnit(MetricType type, String name, String unit) {
    if (!unit.isEmpty() && (type == MetricType.INFO || type == MetricType.STATESET)) {
      throw new IllegalArgumentException(
          "a "
              + type.openMetricsName()
              + " metric cannot have a unit: "
              + name
              + " (unit "
              + unit
              + ")");
    }
  }

  /** The marker: a read-only view of the trusted points, unwrapped by the constructor. */
  private static final class Trusted extends AbstractList<DataPoint> implements RandomAccess {
    final List<? extends DataPoint> points;

    Trusted(List<? extends DataPoint> points) {
      this.points = Objects.requireNonNull(points, "points");
    }

    @Override
    public DataPoint get(int index) {
      return points.get(index);
    }

    @Override
    public int size() {
      return points.size();
    }
  }
}
