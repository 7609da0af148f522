package io.prom4j.benchmarks;

/**
 * The registry shape every benchmark uses, built the same way for prom4j and for the official Java
 * client: labelled counter series plus histogram series at a 100:1 ratio.
 *
 * <p>Counters: {@code series / 100} families {@code app_requests_<f>} with labels {@code path} and
 * {@code status}, 100 series each, each incremented to a distinct integral total. Histograms:
 * {@code series / 100} series with default buckets, spread over families of 10 series ({@code
 * app_latency_seconds_<f>}, label {@code route}), each with 20 observations.
 */
final class Workload {
  /** The histogram buckets both libraries use: the Python client's (and prom4j's) defaults. */
  static final double[] BUCKETS = {
    .005, .01, .025, .05, .075, .1, .25, .5, .75, 1, 2.5, 5, 7.5, 10
  };

  static final int SERIES_PER_COUNTER_FAMILY = 100;
  static final int SERIES_PER_HISTOGRAM_FAMILY = 10;

  private Workload() {}

  /** Builds the shape for one client. */
  static <R> R build(int counterSeries, Builder<R> builder) {
    int counterFamilies = Math.max(1, counterSeries / SERIES_PER_COUNTER_FAMILY);
    for (int f = 0; f < counterFamilies; f++) {
      String name = "app_requests_" + f;
      for (int s = 0; s < SERIES_PER_COUNTER_FAMILY; s++) {
        builder.counter(
            name,
            "Requests served by endpoint group " + f + ".",
            "/api/v1/resource/" + s,
            s % 5 == 0 ? "500" : "200",
            1000 + 7L * s + f);
      }
    }
    int histogramSeries = Math.max(1, counterSeries / 100);
    for (int h = 0; h < histogramSeries; h++) {
      String name = "app_latency_seconds_" + (h / SERIES_PER_HISTOGRAM_FAMILY);
      for (int o = 0; o < 20; o++) {
        builder.observe(name, "Request latency.", "route" + h, (o * 37 % 100) / 40.0);
      }
    }
    return builder.done();
  }

  /** Receives the workload's series for one client library. */
  interface Builder<R> {
    void counter(String family, String help, String path, String status, long total);

    void observe(String family, String help, String route, double value);

    R done();
  }
}
