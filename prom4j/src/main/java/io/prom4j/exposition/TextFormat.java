package io.prom4j.exposition;

import io.prom4j.CollectorRegistry;
import io.prom4j.internal.DoubleFormat;
import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.DataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.MetricFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Prometheus text format (0.0.4, and 1.0.0 with an escaping scheme).
 *
 * <p>PLACEHOLDER: writes counters and gauges only; the complete writer replaces it.
 */
public final class TextFormat implements ExpositionFormat {

  /** Content-Type of text 0.0.4, the default answer of every scrape. */
  public static final String CONTENT_TYPE_004 = "text/plain; version=0.0.4; charset=utf-8";
  /** Content-Type of text 1.0.0, without the escaping parameter. */
  public static final String CONTENT_TYPE_100 = "text/plain; version=1.0.0; charset=utf-8";

  private static final TextFormat V004 = new TextFormat();

  private TextFormat() {}

  /** Text 0.0.4 with underscore escaping and no {@code _created} series. */
  public static TextFormat v004() {
    return V004;
  }

  /** The registry's metrics in text 0.0.4. */
  public static String generateLatest(CollectorRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      V004.write(out, registry.collect());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE_004;
  }

  @Override
  public void write(OutputStream out, List<MetricFamily> families) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (MetricFamily f : families) {
      String n = f.name() + (f.type() == io.prom4j.model.MetricType.COUNTER ? "_total" : "");
      sb.append("# HELP ").append(n).append(' ').append(f.help()).append('\n');
      sb.append("# TYPE ").append(n).append(' ').append(f.type().openMetricsName()).append('\n');
      for (DataPoint p : f.points()) {
        double v = p instanceof CounterDataPoint c ? c.value()
            : p instanceof GaugeDataPoint g ? g.value() : Double.NaN;
        sb.append(n).append(' ').append(DoubleFormat.canonical(v)).append('\n');
      }
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
