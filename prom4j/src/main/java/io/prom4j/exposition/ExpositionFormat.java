package io.prom4j.exposition;

import io.prom4j.CollectorRegistry;
import io.prom4j.model.MetricFamily;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * A configured exposition format: a Content-Type and a writer for metric families.
 * Instances are immutable and thread-safe.
 */
public interface ExpositionFormat {

  /** The exact Content-Type header value for responses in this format. */
  String contentType();

  /**
   * Writes the families to {@code out} (UTF-8). Does not close or flush {@code out}.
   *
   * @throws IOException from the stream
   */
  void write(OutputStream out, List<MetricFamily> families) throws IOException;

  /**
   * Collects {@code registry} and writes its families to {@code out} (UTF-8). Does not close or
   * flush {@code out}.
   *
   * @throws IOException from the stream
   * @throws NullPointerException if {@code registry} is null
   */
  default void write(OutputStream out, CollectorRegistry registry) throws IOException {
    write(out, Objects.requireNonNull(registry, "registry").collect());
  }
}
