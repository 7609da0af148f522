package io.prom4j.exposition;

import io.prom4j.CollectorRegistry;
import io.prom4j.model.MetricFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A configured exposition format: a Content-Type and a writer for metric families. Instances are
 * immutable and thread-safe.
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

  /**
   * Collects {@code registry} and returns its exposition in this format as a String.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  default String render(CollectorRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(out, registry);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
