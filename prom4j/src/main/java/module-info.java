/**
 * prom4j: Prometheus metrics for the JVM, exposed over HTTP and HTTPS.
 *
 * <p>Start with {@link io.prom4j.Counter}, {@link io.prom4j.CollectorRegistry} and {@link
 * io.prom4j.http.MetricsServer}.
 */
module io.prom4j {
  requires transitive jdk.httpserver;
  requires java.management;
  requires java.net.http;

  exports io.prom4j;
  exports io.prom4j.model;
  exports io.prom4j.exposition;
  exports io.prom4j.http;
  exports io.prom4j.push;
  exports io.prom4j.jvm;
}
