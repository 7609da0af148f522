package io.prom4j.internal.server;

import java.util.ArrayDeque;

/**
 * A small pool of {@link ResponseBuffer}s, so that steady scraping renders into the same arrays
 * instead of growing a new multi-megabyte buffer per scrape. Thread-safe. No {@code ThreadLocal}:
 * workers may be virtual threads, one per connection, and a per-thread buffer would be per
 * connection.
 *
 * <p>The pool is bounded twice: by the number of idle buffers, and by the bytes they hold together,
 * so an unusually large scrape does not pin its arrays for the life of the server. A buffer the
 * pool does not keep is left to the garbage collector, and so is every idle buffer when the pool is
 * {@link #close() closed}. The lock is taken twice per request (acquire, release), never per
 * series.
 */
public final class BufferPool {

  /** Idle buffers kept: scrapes are rarely concurrent (one or two Prometheus servers). */
  static final int DEFAULT_SIZE = 4;

  /** Bytes the idle buffers may hold together (both arrays of each buffer counted). */
  static final long DEFAULT_BUDGET_BYTES = 8L << 20;

  private static final int INITIAL_BODY_CAPACITY = 8192;

  private final int size;
  private final long budgetBytes;
  private final ArrayDeque<ResponseBuffer> free = new ArrayDeque<>(); // guarded by this
  private long retainedBytes; // guarded by this
  private boolean closed; // guarded by this

  public BufferPool() {
    this(DEFAULT_SIZE, DEFAULT_BUDGET_BYTES);
  }

  /**
   * @param size most idle buffers kept
   * @param budgetBytes most bytes all idle buffers may hold together; a buffer that would take the
   *     pool past it is dropped
   */
  public BufferPool(int size, long budgetBytes) {
    this.size = size;
    this.budgetBytes = budgetBytes;
  }

  /** An empty buffer, pooled or new. */
  public ResponseBuffer acquire() {
    ResponseBuffer b;
    synchronized (this) {
      b = free.pollLast(); // the most recently used one: its arrays are likeliest in cache
      if (b != null) {
        retainedBytes -= b.capacity();
      }
    }
    if (b == null) {
      return new ResponseBuffer(INITIAL_BODY_CAPACITY);
    }
    b.reset();
    return b;
  }

  /** Returns a buffer; the caller must not touch it afterwards. */
  public void release(ResponseBuffer b) {
    synchronized (this) {
      long capacity = b.capacity();
      if (!closed && free.size() < size && retainedBytes + capacity <= budgetBytes) {
        free.addLast(b);
        retainedBytes += capacity;
      }
    }
  }

  /**
   * Drops every idle buffer; buffers released afterwards are dropped too. Call when the server
   * shuts down, so a stopped server pins no arrays. Idempotent.
   */
  synchronized void close() {
    closed = true;
    free.clear();
    retainedBytes = 0;
  }
}
