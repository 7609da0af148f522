package io.prom4j.http;

import io.prom4j.CollectorRegistry;
import io.prom4j.benchmarks.Churn;
import io.prom4j.benchmarks.ExpositionBenchmark;
import io.prom4j.benchmarks.Registries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One changed gzip block deflated three ways: by zlib at level 1 from a reset state, as {@link
 * GzipOutput} deflates a block it has not seen; by prom4j's own encoder searching it anew ({@link
 * DeflateSearch}, {@link DeflateBlock}); and by repairing the parse of the block as it was before
 * the change ({@link DeflateParse#repair}), as {@link GzipOutput} deflates a block whose values
 * changed. The block is 20,000 bytes from the middle of the workload's body (10,000 counter series,
 * 100 histogram series) before and after every series was updated once (in text, the block nearest
 * the middle whose values kept their lengths); {@code packedBytes} gives each way's output size.
 *
 * <pre>{@code
 * java -cp prom4j-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main DeflateEncoderBenchmark \
 *     -p format=text,protobuf
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
public class DeflateEncoderBenchmark {

  private static final int BLOCK = 20_000;

  /** The body's format, as {@code ExpositionBenchmark}'s parameter. */
  @Param({"text"})
  public String format;

  private byte[] after;
  private DeflateParse before;
  private final Deflater zlib = new Deflater(GzipOutput.LEVEL, true);
  private final byte[] packed = new byte[2 * BLOCK];
  private final DeflateSearch search = new DeflateSearch();
  private final DeflateBlock block = new DeflateBlock();

  /** The output size of each way, per operation. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Size {
    public long packedBytes;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Churn everySeries = new Churn(1.0);
    CollectorRegistry registry =
        Registries.prom4j(10_000, format.equals("protobuf"), everySeries.target());
    byte[] first = body(registry);
    everySeries.step();
    byte[] second = body(registry);
    int from = first.length / 2;
    while (!onlyValuesDiffer(first, second, from)) { // a value that changed length shifts the rest
      from -= 1000;
    }
    byte[] old = Arrays.copyOfRange(first, from, from + BLOCK);
    after = Arrays.copyOfRange(second, from, from + BLOCK);
    before = new DeflateSearch().parse(old, BLOCK);
    System.err.printf(
        "packed bytes of the block: zlib %d, search %d, repair %d%n",
        zlib(new Size()), search(new Size()), repair(new Size()));
  }

  /**
   * Whether the blocks at {@code from} differ as values that kept their lengths do: in some bytes,
   * and in fewer than a quarter (where a value that changed length shifted the rest, nearly all).
   */
  private static boolean onlyValuesDiffer(byte[] first, byte[] second, int from) {
    if (from < 0) {
      throw new IllegalStateException("no block of the body kept its length");
    }
    if (from + BLOCK > Math.min(first.length, second.length)) {
      return false;
    }
    int differ = 0;
    for (int i = from; i < from + BLOCK; i++) {
      differ += first[i] != second[i] ? 1 : 0;
    }
    return differ > 0 && differ < BLOCK / 4;
  }

  private byte[] body(CollectorRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionBenchmark.prom4jFormat(format).write(out, registry);
    return out.toByteArray();
  }

  @TearDown
  public void tearDown() {
    zlib.end();
  }

  @Benchmark
  public int zlib(Size size) {
    zlib.reset();
    zlib.setInput(after, 0, BLOCK);
    int n = zlib.deflate(packed, 0, packed.length, Deflater.SYNC_FLUSH);
    size.packedBytes += n;
    return n;
  }

  @Benchmark
  public int search(Size size) {
    int n = block.write(search.parse(after, BLOCK));
    size.packedBytes += n;
    return n;
  }

  @Benchmark
  public int repair(Size size) {
    int n = block.write(before.repair(after, BLOCK));
    size.packedBytes += n;
    return n;
  }

  @Benchmark
  public DeflateParse repairOnly() {
    return before.repair(after, BLOCK);
  }

  @Benchmark
  public int writeOnly() {
    return block.write(before);
  }
}
