package io.prom4j;

import io.prom4j.model.MetricFamily;
import java.util.List;

/**
 * Produces metric families at scrape time: the interface behind every metric and every custom
 * collector (Python's custom collectors).
 *
 * <pre>{@code
 * registry.register(() -> List.of(new MetricFamily("queue_size", "Items queued.",
 *     MetricType.GAUGE, "", List.of(GaugeDataPoint.of(Labels.EMPTY, queue.size())))));
 * }</pre>
 *
 * <p>{@link #collect()} is called from scrape threads, possibly concurrently; it must be
 * thread-safe and should be fast. An exception fails that scrape (HTTP 500), not the server.
 */
@FunctionalInterface
public interface Collector {

  /** The current metric families. */
  List<MetricFamily> collect();

  /**
   * The families this collector will produce, used at registration to detect clashing names. Points
   * may be empty. The default calls {@link #collect()}; override it when collecting is expensive,
   * or return an empty list to skip the check for this collector.
   */
  default List<MetricFamily> describe() {
    return collect();
  }
}
