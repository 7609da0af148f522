package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.ExpositionFormat;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scrape's collection and rendering, prom4j against client_java, for the same registry: text
 * 0.0.4, OpenMetrics and protobuf (with classic plus native histograms on both sides), to a
 * discarding stream, plain and gzip. Run with {@code -prof gc} for bytes allocated per scrape
 * ({@link RunJmh} does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ExpositionBenchmark {

  /** Number of counter series (histogram series are a hundredth of it). */
  @Param({"1000", "10000", "100000"})
  public int series;

  /** {@code text} (0.0.4), {@code openmetrics} (1.0.0) or {@code protobuf} (delimited). */
  @Param({"text", "openmetrics", "protobuf"})
  public String format;

  /** Whether the output goes through gzip. */
  @Param({"false", "true"})
  public boolean gzip;

  /** Prometheus 3.5's Accept header with native histograms on (protobuf first). */
  static final String PROTOBUF_ACCEPT =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
          + "encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;"
          + "escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
          + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;"
          + "q=0.2,*/*;q=0.1";

  private CollectorRegistry prom4jRegistry;
  private ExpositionFormat prom4jFormat;
  private PrometheusRegistry clientJavaRegistry;
  private ExpositionFormatWriter clientJavaWriter;

  private final OutputStream sink = new DiscardingStream();

  @Setup(Level.Trial)
  public void setUp() {
    boolean protobuf = format.equals("protobuf");
    prom4jRegistry = Registries.prom4j(series, protobuf);
    clientJavaRegistry = Registries.clientJava(series, protobuf);
    prom4jFormat = prom4jFormat(format);
    clientJavaWriter =
        protobuf
            ? Registries.clientJavaProtobufWriter()
            : Registries.clientJavaWriter(format.equals("openmetrics"));
  }

  /**
   * The prom4j format a scrape negotiates for {@code format}, the name of this benchmark's {@code
   * format} parameter ({@code text}, {@code openmetrics} or {@code protobuf}); public for the
   * benchmarks in prom4j's own packages.
   */
  public static ExpositionFormat prom4jFormat(String format) {
    return ContentNegotiation.negotiate(
        switch (format) {
          case "text" -> "text/plain; version=0.0.4";
          case "openmetrics" -> "application/openmetrics-text; version=1.0.0";
          case "protobuf" -> PROTOBUF_ACCEPT;
          default ->
              throw new IllegalArgumentException(
                  "format must be text, openmetrics or protobuf: " + format);
        });
  }

  @Benchmark
  public void prom4j() throws IOException {
    if (gzip) {
      try (GZIPOutputStream out = new GZIPOutputStream(sink, 8192)) {
        prom4jFormat.write(out, prom4jRegistry.collect());
      }
    } else {
      prom4jFormat.write(sink, prom4jRegistry.collect());
    }
  }

  @Benchmark
  public void clientJava() throws IOException {
    if (gzip) {
      try (GZIPOutputStream out = new GZIPOutputStream(sink, 8192)) {
        clientJavaWriter.write(out, clientJavaRegistry.scrape());
      }
    } else {
      clientJavaWriter.write(sink, clientJavaRegistry.scrape());
    }
  }
}
