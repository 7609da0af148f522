package io.prom4j.http;

import java.util.ArrayDeque;

/**
 * Idle {@link GzipOutput}s of one {@link ScrapeHandler}, at most {@link #SIZE}: scrapes are rarely
 * concurrent. All of them, pooled or not, share one set of kept blocks ({@link GzipOutput.Kept}).
 * One that the pool does not keep has its native state freed at once. Thread-safe; the lock is
 * taken twice per gzip response, never per byte.
 */
final class GzipPool {

  static final int SIZE = 4;

  private final ArrayDeque<GzipOutput> idle = new ArrayDeque<>(); // guarded by this
  private final GzipOutput.Kept kept = new GzipOutput.Kept(); // the blocks all of them start from

  GzipOutput acquire() {
    GzipOutput g;
    synchronized (this) {
      g = idle.pollLast();
    }
    return g != null ? g : new GzipOutput(kept);
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
