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
import java.util.Map;

/**
 * The {@link Workload} as a prom4j registry and as a client_java registry, and client_java's
 * writers configured to write what prom4j writes: no {@code _created} in either text format (both
 * libraries' default). Histograms are classic only for the text formats, which show only classic
 * buckets, and classic plus native (both libraries' default: schema 5, at most 160 buckets) for
 * protobuf.
 */
final class Registries {
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

  static CollectorRegistry prom4j(int series) {
    return prom4j(series, false);
  }

  /** The workload; {@code nativeHistograms}: classic plus native histograms, else classic only. */
  static CollectorRegistry prom4j(int series, boolean nativeHistograms) {
    CollectorRegistry registry = new CollectorRegistry();
    Map<String, Counter> counters = new HashMap<>();
    Map<String, Histogram> histograms = new HashMap<>();
    return Workload.build(
        series,
        new Workload.Builder<>() {
          @Override
          public void counter(String family, String help, String path, String status, long total) {
            counters
                .computeIfAbsent(
                    family,
                    n ->
                        Counter.builder()
                            .name(n)
                            .help(help)
                            .labelNames("path", "status")
                            .register(registry))
                .labels(path, status)
                .inc(total);
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
    PrometheusRegistry registry = new PrometheusRegistry();
    Map<String, io.prometheus.metrics.core.metrics.Counter> counters = new HashMap<>();
    Map<String, io.prometheus.metrics.core.metrics.Histogram> histograms = new HashMap<>();
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
          }

          @Override
          public PrometheusRegistry done() {
            return registry;
          }
        });
  }
}
