package io.prom4j.http;

import io.prom4j.benchmarks.ExpositionBenchmark;
import io.prom4j.benchmarks.Registries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * A/B of the server's gzip level: deflating one text 0.0.4 exposition of the workload (10,000
 * counter series, about 1 MB) with one reused raw {@link Deflater}, as {@code ResponseBuffer}'s
 * {@code gzipBody()} does, at level 1 (the server's choice) and at level 6 (zlib's default). The
 * {@code compressedBytes} counter gives the size of the deflated body beside the time. With {@code
 * -p format=protobuf} it deflates the protobuf exposition of the same registry instead, which zlib
 * takes at about half the speed per byte (see BENCHMARKS.md, the churn targets).
 *
 * <p>This class sits in the package the HTTP engine moves to; it copies the deflate loop rather
 * than calling the package-private {@code ResponseBuffer}, so it compiles on either side of the
 * move.
 *
 * <pre>{@code
 * java -cp prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.RunJmh \
 *     GzipLevelBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GzipLevelBenchmark {

  /** Number of counter series in the exposition. */
  @Param({"10000"})
  public int series;

  /**
   * The deflate level: 1 ({@link Deflater#BEST_SPEED}) or 6 ({@link Deflater#DEFAULT_COMPRESSION}).
   */
  @Param({"1", "6"})
  public int level;

  /** The exposition deflated: {@code text} (0.0.4) or {@code protobuf}. */
  @Param({"text"})
  public String format;

  /** The exposition writer's chunk and GzipOutput's output array: 32 KiB. */
  private static final int CHUNK = 32 * 1024;

  private byte[] body;
  private byte[] out;
  private Deflater deflater;

  /** The deflated size of the last operation, reported beside the time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Size {
    /** Bytes of the deflated body (the same on every operation). */
    public long compressedBytes;

    /** Bytes of the body before compression. */
    public long bodyBytes;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ExpositionBenchmark.prom4jFormat(format).write(bytes, Registries.prom4j(series));
    body = bytes.toByteArray();
    out = new byte[CHUNK];
    deflater = new Deflater(level, true);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    deflater.end();
  }

  @Benchmark
  public long deflate(Size size) {
    deflater.reset();
    long compressed = 0;
    for (int off = 0; off < body.length; off += CHUNK) {
      deflater.setInput(body, off, Math.min(CHUNK, body.length - off));
      while (!deflater.needsInput()) {
        compressed += deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH);
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      compressed += deflater.deflate(out, 0, out.length);
    }
    size.compressedBytes = compressed;
    size.bodyBytes = body.length;
    return compressed;
  }
}
