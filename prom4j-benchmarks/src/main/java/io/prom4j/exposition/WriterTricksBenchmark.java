package io.prom4j.exposition;

import io.prom4j.CollectorRegistry;
import io.prom4j.benchmarks.Churn;
import io.prom4j.benchmarks.DiscardingStream;
import io.prom4j.benchmarks.Registries;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A/B of the exposition writers' tricks, one scrape (collect and text 0.0.4) of the workload to a
 * discarding stream: the per-{@code Labels} cache of encoded label bytes ({@link SeriesWriter}) on
 * and off, {@link ByteWriter}'s one-slot buffer pool on and off, and {@link FamilyWriter}'s kept
 * lines on and off, on a static registry and on one where a tenth of the series change before each
 * scrape. Run with the GC profiler (RunJmh adds it) for the bytes allocated per scrape.
 *
 * <pre>{@code
 * java -cp prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunJmh \
 *     WriterTricksBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WriterTricksBenchmark {

  /** Number of counter series (histogram series are a hundredth of it). */
  @Param({"10000"})
  public int series;

  /** Whether series' encoded labels are cached in their {@code Labels} (production: true). */
  @Param({"true", "false"})
  public boolean labelCache;

  /** Whether the 32 KiB write buffer comes from the one-slot pool (production: true). */
  @Param({"true", "false"})
  public boolean bufferPool;

  /** Whether counter and gauge families keep their lines between scrapes (production: true). */
  @Param({"true", "false"})
  public boolean keepLines;

  /** The fraction of the series changed before each scrape (0: none). */
  @Param({"0", "0.1"})
  public double churn;

  private CollectorRegistry registry;
  private Churn updater;

  private final OutputStream sink = new DiscardingStream();

  @Setup
  public void setUp() {
    updater = churn > 0 ? new Churn(churn) : null;
    registry = Registries.prom4j(series, false, updater == null ? null : updater.target());
  }

  @Benchmark
  public void scrape() throws IOException {
    if (updater != null) {
      updater.step();
    }
    FamilyWriter.write(
        sink,
        registry.collect(),
        TextDialect.TEXT,
        EscapingScheme.UNDERSCORES,
        labelCache,
        bufferPool,
        keepLines);
  }
}
