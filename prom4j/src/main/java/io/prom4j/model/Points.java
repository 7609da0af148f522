package io.prom4j.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The immutable data point values behind the {@code of(...)} factories. */
final class Points {
  private Points() {}

  record Counter(Labels labels, double value, double created, Exemplar exemplar)
      implements CounterDataPoint {
    Counter {
      Objects.requireNonNull(labels, "labels");
    }
  }

  record Gauge(Labels labels, double value) implements GaugeDataPoint {
    Gauge {
      Objects.requireNonNull(labels, "labels");
    }
  }

  record Unknown(Labels labels, double value) implements UnknownDataPoint {
    Unknown {
      Objects.requireNonNull(labels, "labels");
    }
  }

  record Info(Labels labels) implements InfoDataPoint {
    Info {
      Objects.requireNonNull(labels, "labels");
    }
  }

  record StateSet(Labels labels, String[] states, boolean[] flags) implements StateSetDataPoint {
    StateSet {
      Objects.requireNonNull(labels, "labels");
    }

    @Override
    public int stateCount() {
      return states.length;
    }

    @Override
    public String state(int i) {
      return states[i];
    }

    @Override
    public boolean enabled(int i) {
      return flags[i];
    }
  }

  record Summary(Labels labels, long count, double sum, List<Quantile> quantiles, double created)
      implements SummaryDataPoint {
    Summary {
      Objects.requireNonNull(labels, "labels");
    }
  }

  record Histogram(
      Labels labels,
      double[] bounds,
      long[] counts,
      double sum,
      double created,
      NativeHistogram nativeHistogram)
      implements HistogramDataPoint {

    static Histogram create(
        Labels labels, double[] bounds, long[] counts, double sum, double created) {
      return create(labels, bounds, counts, sum, created, null);
    }

    static Histogram create(
        Labels labels,
        double[] bounds,
        long[] counts,
        double sum,
        double created,
        NativeHistogram nativeHistogram) {
      Objects.requireNonNull(labels, "labels");
      if (nativeHistogram != null && bounds.length == 0 && counts.length == 0) {
        return new Histogram(labels, bounds, counts, sum, created, nativeHistogram);
      }
      if (bounds.length != counts.length) {
        throw new IllegalArgumentException(
            "histogram bounds and counts differ in count: "
                + bounds.length
                + " vs "
                + counts.length);
      }
      if (bounds.length == 0 || bounds[bounds.length - 1] != Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(
            "histogram buckets must end with +Inf: " + Arrays.toString(bounds));
      }
      for (int i = 1; i < bounds.length; i++) {
        if (!(bounds[i] > bounds[i - 1])) {
          throw new IllegalArgumentException(
              "histogram bounds must increase: " + Arrays.toString(bounds));
        }
        if (counts[i] < counts[i - 1]) {
          throw new IllegalArgumentException(
              "cumulative bucket counts must not decrease: " + Arrays.toString(counts));
        }
      }
      if (nativeHistogram != null && nativeHistogram.count() != counts[counts.length - 1]) {
        throw new IllegalArgumentException(
            "histogram count "
                + counts[counts.length - 1]
                + " differs from its native histogram's count "
                + nativeHistogram.count());
      }
      return new Histogram(labels, bounds.clone(), counts.clone(), sum, created, nativeHistogram);
    }

    @Override
    public int bucketCount() {
      return bounds.length;
    }

    @Override
    public double upperBound(int i) {
      return bounds[i];
    }

    @Override
    public long cumulativeCount(int i) {
      return counts[i];
    }
  }
}
