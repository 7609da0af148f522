package io.prom4j.exposition;

import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.Exemplar;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.HistogramDataPoint;
import io.prom4j.model.InfoDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.NativeHistogram;
import io.prom4j.model.Quantile;
import io.prom4j.model.StateSetDataPoint;
import io.prom4j.model.SummaryDataPoint;
import io.prom4j.model.UnknownDataPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The metric families of the Python client's exposition tests (python-behaviour 4.1 and 4.2), built
 * from model objects; {@code _created} is 123.456 where Python's frozen clock gives it.
 */
final class Families {
  static final double CREATED = 123.456;
  static final double[] DEFAULT_BUCKETS = {
    0.005,
    0.01,
    0.025,
    0.05,
    0.075,
    0.1,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    7.5,
    10.0,
    Double.POSITIVE_INFINITY
  };

  private Families() {}

  static String render(ExpositionFormat format, MetricFamily... families) {
    return new String(bytes(format, families), StandardCharsets.UTF_8);
  }

  static byte[] bytes(ExpositionFormat format, MetricFamily... families) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.write(out, List.of(families));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static MetricFamily family(
      String name, String help, MetricType type, String unit, DataPoint... points) {
    return new MetricFamily(name, help, type, unit, List.of(points));
  }

  /** Counter {@code name}, help "A counter", incremented once. */
  static MetricFamily counter(String name) {
    return family(
        name,
        "A counter",
        MetricType.COUNTER,
        "",
        CounterDataPoint.of(Labels.EMPTY, 1, CREATED, null));
  }

  static MetricFamily gauge17() {
    return family("gg", "A gauge", MetricType.GAUGE, "", GaugeDataPoint.of(Labels.EMPTY, 17));
  }

  /** Summary {@code ss} with labels a=c, b=d, one observation of 17. */
  static MetricFamily summary() {
    return family(
        "ss",
        "A summary",
        MetricType.SUMMARY,
        "",
        SummaryDataPoint.of(Labels.of("a", "c", "b", "d"), 1, 17, List.of(), CREATED));
  }

  /** Histogram {@code hh} with the default buckets and one observation of 0.05. */
  static MetricFamily histogram() {
    long[] counts = new long[DEFAULT_BUCKETS.length];
    for (int i = 3; i < counts.length; i++) {
      counts[i] = 1;
    }
    return family(
        "hh",
        "A histogram",
        MetricType.HISTOGRAM,
        "",
        HistogramDataPoint.of(Labels.EMPTY, DEFAULT_BUCKETS, counts, 0.05, CREATED));
  }

  /** Gauge histogram {@code gh}: 4 at le=1.0, 5 at +Inf, gsum 7 (or the negative variant). */
  static MetricFamily gaugeHistogram(boolean negative) {
    return family(
        "gh",
        "help",
        MetricType.GAUGE_HISTOGRAM,
        "",
        HistogramDataPoint.of(
            Labels.EMPTY,
            new double[] {negative ? -1.0 : 1.0, Double.POSITIVE_INFINITY},
            new long[] {4, 5},
            negative ? -7 : 7,
            Double.NaN));
  }

  static MetricFamily info() {
    return family(
        "ii",
        "A info",
        MetricType.INFO,
        "",
        InfoDataPoint.of(Labels.of("a", "c", "b", "d", "foo", "bar")));
  }

  static MetricFamily enumeration() {
    return family(
        "ee",
        "An enum",
        MetricType.STATESET,
        "",
        StateSetDataPoint.of(
            Labels.of("a", "c", "b", "d"),
            new String[] {"foo", "bar"},
            new boolean[] {false, true}));
  }

  static MetricFamily untyped() {
    return family(
        "nonnumber", "Non number", MetricType.UNKNOWN, "", UnknownDataPoint.of(Labels.EMPTY, 123));
  }

  /** Histogram with exemplars per bucket (python 4.2.8). */
  static HistogramDataPoint histogramWithExemplars(
      double[] bounds, long[] counts, double sum, Exemplar[] exemplars) {
    return withExemplars(
        HistogramDataPoint.of(Labels.EMPTY, bounds, counts, sum, CREATED), exemplars);
  }

  /** {@code base} with {@code exemplars[i]} on classic bucket {@code i} (null entries: none). */
  static HistogramDataPoint withExemplars(HistogramDataPoint base, Exemplar... exemplars) {
    return new HistogramDataPoint() {
      @Override
      public Labels labels() {
        return base.labels();
      }

      @Override
      public int bucketCount() {
        return base.bucketCount();
      }

      @Override
      public double upperBound(int i) {
        return base.upperBound(i);
      }

      @Override
      public long cumulativeCount(int i) {
        return base.cumulativeCount(i);
      }

      @Override
      public double sum() {
        return base.sum();
      }

      @Override
      public double created() {
        return base.created();
      }

      @Override
      public NativeHistogram nativeHistogram() {
        return base.nativeHistogram();
      }

      @Override
      public Exemplar exemplar(int i) {
        return i < exemplars.length ? exemplars[i] : null;
      }
    };
  }

  static List<Quantile> quantiles(double... pairs) {
    Quantile[] q = new Quantile[pairs.length / 2];
    for (int i = 0; i < q.length; i++) {
      q[i] = new Quantile(pairs[2 * i], pairs[2 * i + 1]);
    }
    return List.of(q);
  }
}
