package io.prom4j.model;

import io.prom4j.internal.DoubleFormat;
import io.prom4j.internal.TrustedFamilies;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one metric family: its name, help, type, unit and series.
 *
 * <p>The name is the family name without sample suffixes, as in OpenMetrics: a counter family
 * {@code requests} has samples {@code requests_total} and {@code requests_created} (a trailing
 * {@code _total} on a counter's name and {@code _info} on an info's name are removed). A non-empty
 * unit must be a suffix of the name ({@code request_seconds} with unit {@code seconds}).
 *
 * <pre>{@code
 * new MetricFamily("queue_size", "Items queued.", MetricType.GAUGE, "",
 *     List.of(GaugeDataPoint.of(Labels.of("queue", "a"), 3)));
 * }</pre>
 *
 * @param name the family name, non-empty
 * @param help the help text; empty if none
 * @param type the metric type
 * @param unit the unit, or empty
 * @param points the series; each must match the type (a {@link CounterDataPoint} for {@link
 *     MetricType#COUNTER}, a {@link HistogramDataPoint} for both histogram types, ...)
 */
public record MetricFamily(
    String name, String help, MetricType type, String unit, List<? extends DataPoint> points) {

  /**
   * @throws IllegalArgumentException on an empty name, a unit that is not a suffix of the name or
   *     not allowed for the type, or a point that does not match the type
   */
  public MetricFamily {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(points, "points");
    List<? extends DataPoint> trusted = TrustedFamilies.trustedPoints(points);
    if (trusted != null) {
      points = trusted; // a prom4j metric: its builder checked name and unit, its points fit
    } else {
      name = familyName(name, type);
      TrustedFamilies.checkUnit(type, name, unit);
      if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
        throw new IllegalArgumentException(
            "metric name must end with _<unit>: name " + name + ", unit " + unit);
      }
      checkPoints(name, type, points);
    }
  }

  /**
   * The name without a counter's {@code _total} or an info's {@code _info}.
   *
   * @throws IllegalArgumentException if nothing is left
   */
  private static String familyName(String name, MetricType type) {
    if (type == MetricType.COUNTER && name.endsWith("_total")) {
      name = name.substring(0, name.length() - "_total".length());
    } else if (type == MetricType.INFO && name.endsWith("_info")) {
      name = name.substring(0, name.length() - "_info".length());
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("metric family name must not be empty");
    }
    return name;
  }

  private static void checkPoints(String name, MetricType type, List<? extends DataPoint> points) {
    Class<?> expected = pointType(type);
    for (DataPoint p : points) {
      if (!expected.isInstance(p)) {
        throw new IllegalArgumentException(
            "metric family "
                + name
                + " of type "
                + type.openMetricsName()
                + " needs "
                + expected.getSimpleName()
                + " points, got "
                + (p == null ? "null" : p.getClass().getName()));
      }
    }
  }

  /** The {@link DataPoint} sub-interface that points of a family of this type implement. */
  public static Class<? extends DataPoint> pointType(MetricType type) {
    return switch (type) {
      case COUNTER -> CounterDataPoint.class;
      case GAUGE -> GaugeDataPoint.class;
      case UNKNOWN -> UnknownDataPoint.class;
      case SUMMARY -> SummaryDataPoint.class;
      case HISTOGRAM, GAUGE_HISTOGRAM -> HistogramDataPoint.class;
      case INFO -> InfoDataPoint.class;
      case STATESET -> StateSetDataPoint.class;
    };
  }

  /**
   * The sample names a family of this type and name can produce, as OpenMetrics names them ({@code
   * c_total} and {@code c_created} for counter {@code c}; {@code h_bucket}, {@code h_count}, {@code
   * h_sum}, {@code h_created} for histogram {@code h}; and so on). The registry reserves these
   * names to detect clashes.
   */
  public static List<String> sampleNames(String name, MetricType type) {
    return switch (type) {
      case COUNTER -> List.of(name + "_total", name + "_created");
      case GAUGE, UNKNOWN, STATESET -> List.of(name);
      case SUMMARY -> List.of(name, name + "_count", name + "_sum", name + "_created");
      case HISTOGRAM ->
          List.of(name + "_bucket", name + "_count", name + "_sum", name + "_created");
      case GAUGE_HISTOGRAM -> List.of(name + "_bucket", name + "_gcount", name + "_gsum");
      case INFO -> List.of(name + "_info");
    };
  }

  /** This family's {@link #sampleNames(String, MetricType)}. */
  public List<String> sampleNames() {
    return sampleNames(name, type);
  }

  /**
   * The family expanded into samples, as OpenMetrics writes them: suffixed names, {@code le} and
   * {@code quantile} labels in canonical form, {@code _created} where known. Meant for tests and
   * {@code getSampleValue}; the writers do not allocate these.
   */
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    for (DataPoint p : points) {
      Labels l = p.labels();
      switch (type) {
        case COUNTER -> {
          CounterDataPoint c = (CounterDataPoint) p;
          out.add(new Sample(name + "_total", l, c.value()));
          addCreated(out, l, c.created());
        }
        case GAUGE -> out.add(new Sample(name, l, ((GaugeDataPoint) p).value()));
        case UNKNOWN -> out.add(new Sample(name, l, ((UnknownDataPoint) p).value()));
        case INFO -> out.add(new Sample(name + "_info", l, 1.0));
        case STATESET -> {
          StateSetDataPoint s = (StateSetDataPoint) p;
          for (int i = 0; i < s.stateCount(); i++) {
            out.add(
                new Sample(name, l.merge(Labels.of(name, s.state(i))), s.enabled(i) ? 1.0 : 0.0));
          }
        }
        case SUMMARY -> {
          SummaryDataPoint s = (SummaryDataPoint) p;
          for (Quantile q : s.quantiles()) {
            out.add(
                new Sample(
                    name,
                    l.merge(Labels.of("quantile", DoubleFormat.canonical(q.quantile()))),
                    q.value()));
          }
          out.add(new Sample(name + "_count", l, s.count()));
          out.add(new Sample(name + "_sum", l, s.sum()));
          addCreated(out, l, s.created());
        }
        case HISTOGRAM, GAUGE_HISTOGRAM -> {
          HistogramDataPoint h = (HistogramDataPoint) p;
          for (int i = 0; i < h.bucketCount(); i++) {
            out.add(
                new Sample(
                    name + "_bucket",
                    l.merge(Labels.of("le", DoubleFormat.canonical(h.upperBound(i)))),
                    h.cumulativeCount(i)));
          }
          boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
          out.add(new Sample(name + (gauge ? "_gcount" : "_count"), l, h.count()));
          if (gauge || h.upperBound(0) >= 0) {
            out.add(new Sample(name + (gauge ? "_gsum" : "_sum"), l, h.sum()));
          }
          if (!gauge) {
            addCreated(out, l, h.created());
          }
        }
      }
    }
    return out;
  }

  private void addCreated(List<Sample> out, Labels l, double created) {
    if (!Double.isNaN(created)) {
      out.add(new Sample(name + "_created", l, created));
    }
  }
}
