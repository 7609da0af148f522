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
 * @param maxConnections most open connections; past it new ones are closed at once
 * @param shutdownGraceNanos time {@code shutdown()} gives in-flight requests
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
    long shutdownGraceNanos) {

  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
  public static final int DEFAULT_MAX_HEAD_BYTES = 16 * 1024;
  public static final int DEFAULT_MAX_HEADERS = 100;
  public static final int DEFAULT_MAX_QUERY_BYTES = 4 * 1024;
  public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 2048;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

  /** A duration for messages: {@code 10 s}, {@code 250 ms}. */
  static String describe(long nanos) {
    long millis = Duration.ofNanos(nanos).toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
