package io.prom4j.demo;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The prom4j demo: serves the default registry (JVM and process metrics) plus a simulated workload,
 * on port 8000 unless told otherwise.
 *
 * <pre>
 * java -jar prom4j-demo/target/prom4j-demo.jar [--address ADDRESS] [--port PORT]
 * curl http://localhost:8000/metrics
 *
 * java -jar prom4j-demo/target/prom4j-demo.jar --certfile server.crt --keyfile server.key \
 *     --client-auth-required --client-cafile ca.crt
 * curl --cacert ca.crt --cert client.crt --key client.key https://localhost:8000/metrics
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

  /**
   * Starts the workload and the server for {@code options}.
   *
   * @throws RuntimeException with the builder's message when the options are refused (a TLS file
   *     missing or half-configured TLS, say), with nothing left running
   */
  static Running start(DemoOptions options, CollectorRegistry registry) {
    MetricsServer.Builder builder =
        MetricsServer.builder().address(options.address()).port(options.port()).registry(registry);
    applyTls(options.tls(), builder);
    Workload workload = new Workload(registry).start();
    try {
      return new Running(builder.start(), workload, options.tls().https());
    } catch (RuntimeException e) {
      workload.close();
      throw e;
    }
  }

  /** Hands every TLS flag given to the builder, which checks the combination at start(). */
  static void applyTls(DemoOptions.Tls tls, MetricsServer.Builder builder) {
    if (tls.certFile() != null) {
      builder.certFile(tls.certFile());
    }
    if (tls.keyFile() != null) {
      builder.keyFile(tls.keyFile());
    }
    if (tls.keyPasswordFile() != null) {
      char[] password = readPassword(tls.keyPasswordFile());
      builder.keyPassword(password); // copied by the builder
      Arrays.fill(password, '\0');
    }
    if (tls.clientAuthRequired()) {
      builder.clientAuthRequired(true);
    }
    if (tls.clientCaFile() != null) {
      builder.clientCaFile(tls.clientCaFile());
    }
    if (tls.clientCaPath() != null) {
      builder.clientCaPath(tls.clientCaPath());
    }
    if (tls.minVersion() != null) {
      builder.tlsMinVersion(tls.minVersion());
    }
    if (tls.maxVersion() != null) {
      builder.tlsMaxVersion(tls.maxVersion());
    }
  }

  /**
   * The first line of {@code file} (UTF-8, without its line break), as characters.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or the line is empty
   */
  static char[] readPassword(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--key-password-file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("--key-password-file " + file + ": " + e, e);
    }
    CharBuffer text = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
    Arrays.fill(bytes, (byte) 0);
    int end = 0;
    while (end < text.limit() && text.get(end) != '\n' && text.get(end) != '\r') {
      end++;
    }
    char[] password = new char[end];
    text.get(password);
    Arrays.fill(text.array(), '\0');
    if (password.length == 0) {
      throw new IllegalArgumentException(
          "--key-password-file "
              + file
              + ": the first line is empty; it must hold the key's password");
    }
    return password;
  }

  /** A started demo. */
  record Running(MetricsServer server, Workload workload, boolean https) implements AutoCloseable {

    /** Where to scrape: {@code http://0.0.0.0:8000/metrics}, {@code https://[::]:8000/metrics}. */
    String url() {
      InetSocketAddress a = server.address();
      String host = a.getAddress().getHostAddress();
      if (a.getAddress() instanceof Inet6Address) {
        host = "[" + host + "]";
      }
      return (https ? "https://" : "http://") + host + ":" + a.getPort() + "/metrics";
    }

    /** Stops the server (in-flight scrapes finish) and the workload. */
    @Override
    public void close() {
      server.close();
      workload.close();
    }
  }
}
