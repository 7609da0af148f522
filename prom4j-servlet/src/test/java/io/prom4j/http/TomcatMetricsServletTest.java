package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.servlet.MetricsServlet;
import io.prom4j.testing.RawResponse;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * {@link MetricsServlet} in an embedded Tomcat 11 (Servlet 6.1), with {@code allowTrace} on so that
 * {@code TRACE} reaches the servlet.
 */
class TomcatMetricsServletTest extends ServletContainerContract {

  @Override
  Container container(String contextPath, String mapping, Servlet servlet) throws IOException {
    Path baseDir = Files.createTempDirectory("prom4j-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setSilent(true);
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setAllowTrace(true); // else Tomcat answers TRACE itself, with its own 405 page
    // else Tomcat refuses a raw ?name[]=x with its own 400 page (percent-encoded brackets, as
    // Prometheus sends them, pass either way)
    connector.setProperty("relaxedQueryChars", "[]");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext(contextPath, null);
    Tomcat.addServlet(context, "metrics", servlet).addMapping(mapping);
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      throw new IOException("Tomcat did not start", e);
    }
    return new Container() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void close() {
        try {
          tomcat.stop();
          tomcat.destroy();
        } catch (LifecycleException e) {
          throw new IllegalStateException("Tomcat did not stop", e);
        }
        deleteTree(baseDir);
      }
    };
  }

  /** Tomcat respells Content-Type: the same media type and parameters, charset last. */
  @Override
  void assertContentType(RawResponse r, String expected) {
    assertThat(mediaType(r.header("Content-Type"))).isEqualTo(mediaType(expected));
  }

  @Test
  void contentType_isTomcatsSpellingOfTheSameMediaType() throws Exception {
    int port = start(TestCollectors.small(), true);

    RawResponse text = send(port, "GET", "/metrics");
    RawResponse openMetrics = send(port, "GET", "/metrics", "Accept: " + PROMETHEUS_3_ACCEPT);

    assertThat(text.header("Content-Type")).isEqualTo("text/plain;version=0.0.4;charset=utf-8");
    assertThat(openMetrics.header("Content-Type"))
        .isEqualTo("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;charset=utf-8");
  }

  /** Type and parameters, names in lower case, order and spaces ignored. */
  private static Map<String, String> mediaType(String contentType) {
    Map<String, String> parts = new TreeMap<>();
    String[] fields = contentType.split(";");
    parts.put("", fields[0].trim().toLowerCase(Locale.ROOT));
    for (int i = 1; i < fields.length; i++) {
      String[] nameValue = fields[i].split("=", 2);
      parts.put(nameValue[0].trim().toLowerCase(Locale.ROOT), nameValue[1].trim());
    }
    return parts;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
