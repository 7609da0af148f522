package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Histogram;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Workload} as a prom4j registry and as a client_java registry, and client_java's
 * writers configured to write what prom4j writes: no {@code _created} in either text format (both
 * libraries' default). Histograms are classic only for the text formats, which show only classic
 * buckets, and classic plus native (both libraries' default: schema 5, at most 160 buckets) for
 * protobuf.
 */
public final class Registries {
  /** What the churn updater observes into a histogram series: inside the default buckets. */
  static final double CHURN_OBSERVATION = 0.3;

  private Registries() {}

  /**
   * client_java's writer for text 0.0.4 or OpenMetrics, without _created as prom4j. Its boolean
   * constructor is deprecated in 1.10 but is the one that sets _created without the exporter
   * properties, so the comparison stays explicit.
   */
  @SuppressWarnings("deprecation")
  static ExpositionFormatWriter clientJavaWriter(boolean openMetrics) {
    return openMetrics
        ? new OpenMetricsTextFormatWriter(false, false)
        : new PrometheusTextFormatWriter(false);
  }

  /** client_java's protobuf writer (its shaded protobuf-java implementation). */
  static ExpositionFormatWriter clientJavaProtobufWriter() {
    PrometheusProtobufWriter writer = new PrometheusProtobufWriter();
    if (!writer.isAvailable()) {
      throw new IllegalStateException("client_java's protobuf writer is not on the class path");
    }
    return writer;
  }

  /** client_java exporter settings with {@code _created} on or off. */
  static PrometheusProperties clientJavaProperties(boolean includeCreated) {
    return PrometheusProperties.builder()
        .exporterProperties(
            ExporterProperties.builder().includeCreatedTimestamps(includeCreated).build())
        .build();
  }

  /**
   * The workload's {@code series} counter series (and a hundredth as many histogram series) in a
   * new prom4j registry, classic histograms only; public for the trick benchmarks in prom4j's own
   * packages.
   */
  public static CollectorRegistry prom4j(int series) {
    return prom4j(series, false);
  }

  /** The workload; {@code nativeHistograms}: classic plus native histograms, else classic only. */
  public static CollectorRegistry prom4j(int series, boolean nativeHistograms) {
    return prom4j(series, nativeHistograms, null);
  }

  /** The workload, with each series' update added to {@code churn} unless it is null. */
  public static CollectorRegistry prom4j(int series, boolean nativeHistograms, Churn.Target churn) {
    CollectorRegistry registry = new CollectorRegistry();
    Map<String, Counter> counters = new HashMap<>();
    Map<String, Histogram> histograms = new HashMap<>();
    Set<String> firstObservation = new HashSet<>();
    return Workload.build(
        series,
        new Workload.Builder<>() {
          @Override
          public void counter(String family, String help, String path, String status, long total) {
            Counter.Child child =
                counters
                    .computeIfAbsent(
                        family,
                        n ->
                            Counter.builder()
                                .name(n)
                                .help(help)
                                .labelNames("path", "status")
                                .register(registry))
                    .labels(path, status);
            child.inc(total);
            if (churn != null) {
              churn.counters.add(child::inc);
            }
          }

          @Override
          public void observe(String family, String help, String route, double value) {
            histograms
                .computeIfAbsent(
                    family,
                    n -> {
                      Histogram.Builder b =
                          Histogram.builder()
                              .name(n)
                              .help(help)
                              .buckets(Workload.BUCKETS)
                              .labelNames("route");
                      return (nativeHistograms ? b : b.classicOnly()).register(registry);
                    })
                .labels(route)
                .observe(value);
            if (churn != null && firstObservation.add(route)) {
              Histogram.Child child = histograms.get(family).labels(route);
              churn.histograms.add(() -> child.observe(CHURN_OBSERVATION));
            }
          }

          @Override
          public CollectorRegistry done() {
            return registry;
          }
        });
  }

  static PrometheusRegistry clientJava(int series) {
    return clientJava(series, false);
  }

  /** The workload; {@code nativeHistograms}: classic plus native histograms, else classic only. */
  static PrometheusRegistry clientJava(int series, boolean nativeHistograms) {
    return clientJava(series, nativeHistograms, null);
  }

  /** The workload, with each series' update added to {@code churn} unless it is null. */
  static PrometheusRegistry clientJava(int series, boolean nativeHistograms, Churn.Target churn) {
    PrometheusRegistry registry = new PrometheusRegistry();
    Map<String, io.prometheus.metrics.core.metrics.Counter> counters = new HashMap<>();
    Map<String, io.prometheus.metrics.core.metrics.Histogram> histograms = new HashMap<>();
    Set<String> firstObservation = new HashSet<>();
    return Workload.build(
        series,
        new Workload.Builder<>() {
          @Override
          public void counter(String family, String help, String path, String status, long total) {
            counters
                .computeIfAbsent(
                    family,
                    n ->
                        io.prometheus.metrics.core.metrics.Counter.builder()
                            .name(n)
                            .help(help)
                            .labelNames("path", "status")
                            .register(registry))
                .labelValues(path, status)
                .inc(total);
            if (churn != null) {
              io.prometheus.metrics.core.datapoints.CounterDataPoint child =
                  counters.get(family).labelValues(path, status);
              churn.counters.add(child::inc);
            }
          }

          @Override
          public void observe(String family, String help, String route, double value) {
            histograms
                .computeIfAbsent(
                    family,
                    n -> {
                      io.prometheus.metrics.core.metrics.Histogram.Builder b =
                          io.prometheus.metrics.core.metrics.Histogram.builder()
                              .name(n)
                              .help(help)
                              .classicUpperBounds(Workload.BUCKETS)
                              .labelNames("route");
                      return (nativeHistograms ? b : b.classicOnly()).register(registry);
                    })
                .labelValues(route)
                .observe(value);
            if (churn != null && firstObservation.add(route)) {
              io.prometheus.metrics.core.datapoints.DistributionDataPoint child =
                  histograms.get(family).labelValues(route);
              churn.histograms.add(() -> child.observe(CHURN_OBSERVATION));
            }
          }

          @Override
          public PrometheusRegistry done() {
            return registry;
          }
        });
  }
}
