package io.prom4j.http;

import java.util.ArrayDeque;

/**
 * Idle {@link GzipOutput}s of one {@link ScrapeHandler}, at most {@link #SIZE}: scrapes are rarely
 * concurrent. All of them, pooled or not, share one set of kept blocks ({@link GzipOutput.Kept})
 * per format. One that the pool does not keep has its native state freed at once. Thread-safe; the
 * lock is taken twice per gzip response, never per byte.
 */
final class GzipPool {

  static final int SIZE = 4;

  private final ArrayDeque<GzipOutput> idle = new ArrayDeque<>(); // guarded by this

  /**
   * Formats whose kept blocks are held, at most: a format's blocks are of no use to another's body,
   * so each keeps its own, and the one used least recently gives way to a new one. With {@link
   * GzipOutput#CACHE_LIMIT} each, what a pool holds is bounded as it was when each of its {@link
   * #SIZE} encoders kept its own.
   */
  static final int FORMATS = 4;

  private final String[] formats = new String[FORMATS]; // guarded by this
  private final GzipOutput.Kept[] kept = new GzipOutput.Kept[FORMATS]; // guarded by this
  private final long[] lastUsed = new long[FORMATS]; // guarded by this
  private long uses; // guarded by this

  /**
   * {@link #acquire(String)} for a caller that writes one format only (tests, benchmarks): all its
   * responses share one set of blocks.
   */
  GzipOutput acquire() {
    return acquire("");
  }

  /**
   * An encoder that starts from the blocks the last response in {@code format} (its content type)
   * kept, and leaves its own for the next one.
   */
  GzipOutput acquire(String format) {
    GzipOutput g;
    GzipOutput.Kept k;
    synchronized (this) {
      g = idle.pollLast();
      k = keptFor(format);
    }
    return (g != null ? g : new GzipOutput()).sharing(k);
  }

  private GzipOutput.Kept keptFor(String format) {
    int oldest = 0;
    for (int i = 0; i < FORMATS; i++) {
      if (format.equals(formats[i])) {
        lastUsed[i] = ++uses;
        return kept[i];
      }
      if (lastUsed[i] < lastUsed[oldest]) {
        oldest = i;
      }
    }
    formats[oldest] = format;
    kept[oldest] = new GzipOutput.Kept();
    lastUsed[oldest] = ++uses;
    return kept[oldest];
  }

  void release(GzipOutput g) {
    synchronized (this) {
      if (idle.size() < SIZE) {
        idle.addLast(g);
        return;
      }
    }
    g.end();
  }
}
