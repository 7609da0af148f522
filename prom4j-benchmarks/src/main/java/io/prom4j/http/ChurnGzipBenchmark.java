package io.prom4j.http;

import io.prom4j.CollectorRegistry;
import io.prom4j.benchmarks.Churn;
import io.prom4j.benchmarks.ExpositionBenchmark;
import io.prom4j.benchmarks.Registries;
import io.prom4j.exposition.ExpositionFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
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
 * A whole gzip text scrape of the workload (10,000 counter series, 100 histogram series) as a
 * server's handler writes it, through an encoder of one {@link GzipPool}, with {@code churn} of the
 * series changed before each scrape by the benchmarks' {@link Churn} updater (0: a static
 * registry). Each operation is one updater step and one scrape; the step's own cost is in both
 * builds of an A/B. Of the library it uses only what {@code GzipPool} and content negotiation have
 * had since the shared kept blocks, so it runs against the jar of an earlier commit (with {@code
 * ExpositionBenchmark.prom4jFormat} copied beside it).
 *
 * <p>What it showed (JDK 17, 2 cores, the command below): about 10 µs a static scrape, 73-81 µs
 * with 1% of the series changed before each scrape, 216-222 µs with 10%. A changed family costs the
 * deflating of its whole block again (about 22 KiB, three families, at zlib's level 1), a large
 * part of the difference: with blocks of one family ({@code MIN_BLOCK} 4 KiB) the 1% case took 54
 * µs. End to end those blocks raised the churn/static ratio but lowered the static rate, cost more
 * CPU per static scrape and made the body 8% larger in text and 17% in protobuf (BENCHMARKS.md), so
 * the blocks stayed at 16 KiB. With {@code -p format=text,protobuf -p churn=0,0.1} at {@code
 * 21144ea}: 16 µs static in either format, 371 µs (text) and 519 µs (protobuf) with 10%, protobuf's
 * body taking zlib about twice as long per byte ({@code GzipLevelBenchmark -p
 * format=text,protobuf}).
 *
 * <pre>{@code
 * java -cp prom4j-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ChurnGzipBenchmark \
 *     -f 1 -wi 4 -i 6 -w 1 -r 1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
public class ChurnGzipBenchmark {

  @Param({"0", "0.01", "0.1"})
  public double churn;

  /**
   * The format, as {@code ExpositionBenchmark}'s parameter: {@code text} (the default), {@code
   * openmetrics}, or {@code protobuf} (over classic and native histograms, as RunScrapes asks).
   */
  @Param({"text"})
  public String format;

  private ExpositionFormat exposition;

  private Churn updater;
  private CollectorRegistry registry;
  private GzipPool pool;

  @Setup(Level.Trial)
  public void setUp() {
    updater = churn > 0 ? new Churn(churn) : null;
    registry =
        Registries.prom4j(
            10_000, format.equals("protobuf"), updater == null ? null : updater.target());
    exposition = ExpositionBenchmark.prom4jFormat(format);
    pool = new GzipPool();
  }

  @Benchmark
  public void scrape() throws IOException {
    if (updater != null) {
      updater.step();
    }
    GzipOutput g = pool.acquire();
    g.start(OutputStream.nullOutputStream());
    exposition.write(g, registry);
    g.finish();
    pool.release(g);
  }
}
