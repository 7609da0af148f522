package io.prom4j.http;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small pool of {@link ResponseBuffer}s, so that steady scraping renders into the same arrays
 * instead of growing a new multi-megabyte buffer per scrape. Thread-safe. No {@code ThreadLocal}:
 * workers may be virtual threads, one per connection, and a per-thread buffer would be per
 * connection.
 */
final class BufferPool {

  /** Buffers kept: scrapes are rarely concurrent (one or two Prometheus servers). */
  static final int DEFAULT_SIZE = 4;
  /** A buffer that grew past this (both arrays together) is dropped, not kept. */
  static final int DEFAULT_MAX_RETAINED_BYTES = 32 << 20;

  private static final int INITIAL_BODY_CAPACITY = 8192;

  private final ArrayBlockingQueue<ResponseBuffer> free;
  private final int maxRetainedBytes;

  BufferPool() {
    this(DEFAULT_SIZE, DEFAULT_MAX_RETAINED_BYTES);
  }

  BufferPool(int size, int maxRetainedBytes) {
    this.free = new ArrayBlockingQueue<>(size);
    this.maxRetainedBytes = maxRetainedBytes;
  }

  /** An empty buffer, pooled or new. */
  ResponseBuffer acquire() {
    ResponseBuffer b = free.poll();
    if (b == null) {
      return new ResponseBuffer(INITIAL_BODY_CAPACITY);
    }
    b.reset();
    return b;
  }

  /** Returns a buffer; the caller must not touch it afterwards. */
  void release(ResponseBuffer b) {
    if (b.capacity() > maxRetainedBytes || !free.offer(b)) {
      b.dispose();
    }
  }
}
