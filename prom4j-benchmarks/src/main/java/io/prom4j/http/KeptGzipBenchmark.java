package io.prom4j.http;

import io.prom4j.benchmarks.Registries;
import io.prom4j.exposition.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kept gzip blocks of {@link GzipOutput} on the workload's text body (10,000 counter series and
 * 100 histogram series, 110 families of about 8 KiB), every family written as a kept rendering:
 *
 * <ul>
 *   <li>{@code unchanged}: one encoder, the same body every time: what a static scrape costs the
 *       encoder (every block sent from its kept form, the CRC combined from the blocks');
 *   <li>{@code oneChangeTwoEncoders}: one family changes, then two encoders of one {@link GzipPool}
 *       each write the body, as two scrapes on two connections do.
 * </ul>
 *
 * <p>It uses only what {@code GzipOutput} and {@code GzipPool} have had since the kept arrays, so
 * it also runs against older commits for an A/B.
 *
 * <pre>{@code
 * java -cp prom4j-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main KeptGzipBenchmark \
 *     -f 1 -wi 4 -i 6 -w 1 -r 1
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
public class KeptGzipBenchmark {

  private byte[][] families; // what is written now
  private byte[][][] versions; // each family as rendered, and with one value changed
  private int next;
  private GzipOutput alone;
  private GzipPool pool;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TextFormat.v004().write(bytes, Registries.prom4j(10_000));
    String body = bytes.toString(StandardCharsets.UTF_8);
    List<byte[]> split = new ArrayList<>();
    int from = 0;
    for (int at = body.indexOf("# HELP ", 1); at > 0; at = body.indexOf("# HELP ", at + 1)) {
      split.add(body.substring(from, at).getBytes(StandardCharsets.UTF_8));
      from = at;
    }
    split.add(body.substring(from).getBytes(StandardCharsets.UTF_8));
    families = split.toArray(new byte[0][]);
    versions = new byte[families.length][2][];
    for (int f = 0; f < families.length; f++) {
      versions[f][0] = families[f];
      versions[f][1] = families[f].clone();
      versions[f][1][versions[f][1].length - 2] ^= 1; // the last value's last digit
    }
    alone = new GzipOutput();
    pool = new GzipPool();
  }

  private void scrape(GzipOutput g) throws IOException {
    g.start(OutputStream.nullOutputStream());
    for (byte[] f : families) {
      g.writeKept(f, 0, f.length);
      g.familyEnd();
    }
    g.finish();
  }

  @Benchmark
  public void unchanged() throws IOException {
    scrape(alone);
  }

  @Benchmark
  public void oneChangeTwoEncoders() throws IOException {
    int f = next++ % families.length;
    families[f] = families[f] == versions[f][0] ? versions[f][1] : versions[f][0];
    GzipOutput a = pool.acquire();
    GzipOutput b = pool.acquire();
    scrape(a);
    scrape(b);
    pool.release(a);
    pool.release(b);
  }
}
