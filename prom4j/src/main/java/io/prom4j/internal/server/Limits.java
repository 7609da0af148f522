package io.prom4j.internal.server;

import java.time.Duration;

/**
 * The engine's limits and deadlines, validated by {@link MetricsServer.Builder}. Durations are kept
 * in nanoseconds for the hot path.
 *
 * @param maxRequestLineBytes longest request line (method, target, version); longer: 414
 * @param maxHeadBytes longest request head (request line and all header lines); longer: 431
 * @param maxHeaders most header lines; more: 431
 * @param maxQueryBytes longest query string; longer: 414
 * @param headTimeoutNanos time to receive a whole request head, counted from the connection's
 *     accept (so including a TLS handshake) for its first request and from the first byte for later
 *     ones; past it: 408 and close
 * @param idleTimeoutNanos time a keep-alive connection may wait for its next request
 * @param writeTimeoutNanos time to send one response; past it the connection is cut
 * @param maxConnections most open connections; at the limit a new connection evicts the one idle
 *     the longest, else the one whose head has taken the longest, and only when every connection is
 *     answering a request is the new one refused (503, close)
 * @param shutdownGraceNanos time {@code shutdown()} gives in-flight requests
 * @param maxConnectionAgeNanos age after which a connection is closed when it is next idle (its
 *     last answer says {@code Connection: close}); 0 for no limit
 * @param minWriteBytesPerSecond the slowest a client may read a response: each write must complete
 *     within a grace second plus its size at this rate (and within {@code writeTimeoutNanos})
 */
public record Limits(
    int maxRequestLineBytes,
    int maxHeadBytes,
    int maxHeaders,
    int maxQueryBytes,
    long headTimeoutNanos,
    long idleTimeoutNanos,
    long writeTimeoutNanos,
    int maxConnections,
    long shutdownGraceNanos,
    long maxConnectionAgeNanos,
    int minWriteBytesPerSecond) {

  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
  public static final int DEFAULT_MAX_HEAD_BYTES = 16 * 1024;
  public static final int DEFAULT_MAX_HEADERS = 100;
  public static final int DEFAULT_MAX_QUERY_BYTES = 4 * 1024;
  public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

  /**
   * Default connection limit with platform worker threads (Java 17 to 20). Each connection holds a
   * platform thread (512 KiB of stack reserved, about 100 KiB resident with the JVM's per-thread
   * structures) and a kernel task counted against the container's {@code pids.max}: 256 slots cost
   * the host application at most about 25-50 MB and 256 tasks. Scrapers are few, and since
   * connections that do nothing are evicted at the limit, a small cap cannot be held by idle
   * clients.
   */
  public static final int DEFAULT_MAX_CONNECTIONS_PLATFORM = 256;

  /**
   * Default connection limit with virtual worker threads (Java 21 and later): a parked virtual
   * thread costs a few KiB of heap and no kernel task, so the limit is set by file descriptors
   * (4096 stays well inside the usual {@code RLIMIT_NOFILE} of 65536 or more that the JVM raises
   * its soft limit to) and by how long a connection survives eviction under a connect flood: slots
   * / flood rate, 0.4 s at 10,000 connects per second, enough for a TLS handshake across a
   * continent.
   */
  public static final int DEFAULT_MAX_CONNECTIONS_VIRTUAL = 4096;

  /** The default connection limit for this JVM's worker threads. */
  public static final int DEFAULT_MAX_CONNECTIONS =
      WorkerThreads.virtual() ? DEFAULT_MAX_CONNECTIONS_VIRTUAL : DEFAULT_MAX_CONNECTIONS_PLATFORM;

  /**
   * Default minimum data rate, 64 KiB/s (half a megabit): a scraper on any working network reads
   * faster by two orders of magnitude, while a client that stops reading is cut about 5 s after its
   * socket buffers fill (a 256 KiB chunk at this rate, plus the grace second) instead of holding a
   * thread and a scrape slot for the whole 30 s write timeout.
   */
  public static final int DEFAULT_MIN_WRITE_BYTES_PER_SECOND = 64 * 1024;

  /** Upper bounds of the settings: beyond them a value is a mistake, not a policy. */
  public static final int MAX_LINE_OR_HEAD_BYTES = 1 << 20;

  public static final int MAX_HEADERS = 10_000;
  public static final int MAX_CONNECTIONS = 1_000_000;
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  /** Limits without a maximum connection age. */
  public Limits(
      int maxRequestLineBytes,
      int maxHeadBytes,
      int maxHeaders,
      int maxQueryBytes,
      long headTimeoutNanos,
      long idleTimeoutNanos,
      long writeTimeoutNanos,
      int maxConnections,
      long shutdownGraceNanos) {
    this(
        maxRequestLineBytes,
        maxHeadBytes,
        maxHeaders,
        maxQueryBytes,
        headTimeoutNanos,
        idleTimeoutNanos,
        writeTimeoutNanos,
        maxConnections,
        shutdownGraceNanos,
        0,
        DEFAULT_MIN_WRITE_BYTES_PER_SECOND);
  }

  /** A duration for messages: {@code 10 s}, {@code 250 ms}. */
  static String describe(long nanos) {
    long millis = Duration.ofNanos(nanos).toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
