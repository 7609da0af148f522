package io.prom4j.benchmarks;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.ContentNegotiation;
import io.prom4j.exposition.ExpositionFormat;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Bytes a scrape allocates, text 0.0.4 against protobuf, on the same registry: the Workload's
 * 10,000 series with classic-only histograms, then with classic plus native ones. Read from the
 * thread's allocation counter over 500 scrapes after 2,000 warm-up scrapes (an allocation count,
 * not a timing, so it is stable on a busy machine).
 *
 * <pre>{@code
 * java -cp prom4j-benchmarks/target/benchmarks.jar io.prom4j.benchmarks.AllocationPerScrape
 * }</pre>
 */
public final class AllocationPerScrape {
  private AllocationPerScrape() {}

  public static void main(String[] args) throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<String[]> formats =
        List.of(
            new String[] {"text", "text/plain; version=0.0.4"},
            new String[] {"protobuf", ExpositionBenchmark.PROTOBUF_ACCEPT});
    for (boolean nativeHistograms : new boolean[] {false, true}) {
      CollectorRegistry registry = Registries.prom4j(10_000, nativeHistograms);
      for (String[] f : formats) {
        ExpositionFormat format = ContentNegotiation.negotiate(f[1]);
        for (int i = 0; i < 2_000; i++) {
          format.write(OutputStream.nullOutputStream(), registry);
        }
        int scrapes = 500;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < scrapes; i++) {
          format.write(OutputStream.nullOutputStream(), registry);
        }
        long perScrape = (threads.getCurrentThreadAllocatedBytes() - before) / scrapes;
        System.out.printf(
            "nativeHistograms=%s format=%s bytesPerScrape=%d%n", nativeHistograms, f[0], perScrape);
      }
    }
  }
}
