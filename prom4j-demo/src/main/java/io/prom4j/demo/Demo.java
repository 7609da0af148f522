package io.prom4j.demo;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The prom4j demo: serves the default registry (JVM and process metrics) plus a simulated
 * workload, on port 8000 unless told otherwise.
 *
 * <pre>
 * java -jar prom4j-demo/target/prom4j-demo.jar [--address ADDRESS] [--port PORT]
 * curl http://localhost:8000/metrics
 * </pre>
 */
public final class Demo {

  private Demo() {}

  /** Entry point; see {@link DemoOptions#USAGE}. Stops cleanly on Ctrl-C. */
  public static void main(String[] args) throws InterruptedException {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("prom4j demo: " + e.getMessage());
      System.err.print(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(DemoOptions.USAGE);
      return;
    }
    Running running;
    try {
      running = start(options, CollectorRegistry.defaultRegistry());
    } catch (RuntimeException e) {
      System.err.println("prom4j demo: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "prom4j-demo-shutdown"));
    System.out.println("prom4j demo listening on " + running.url());
    running.server().thread().join(); // until Ctrl-C closes the server
  }

  /** Starts the workload and the server for {@code options}. */
  static Running start(DemoOptions options, CollectorRegistry registry) {
    Workload workload = new Workload(registry).start();
    try {
      MetricsServer server = MetricsServer.builder()
          .address(options.address())
          .port(options.port())
          .registry(registry)
          .start();
      return new Running(server, workload);
    } catch (RuntimeException e) {
      workload.close();
      throw e;
    }
  }

  /** A started demo. */
  record Running(MetricsServer server, Workload workload) implements AutoCloseable {

    /** Where to scrape: {@code http://0.0.0.0:8000/metrics}, {@code http://[::]:8000/metrics}. */
    String url() {
      InetSocketAddress a = server.address();
      String host = a.getAddress().getHostAddress();
      if (a.getAddress() instanceof Inet6Address) {
        host = "[" + host + "]";
      }
      return "http://" + host + ":" + a.getPort() + "/metrics";
    }

    /** Stops the server (in-flight scrapes finish) and the workload. */
    @Override
    public void close() {
      server.close();
      workload.close();
    }
  }
}
