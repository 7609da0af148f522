package io.prom4j.exposition;

import io.prom4j.model.MetricFamily;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

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
}
