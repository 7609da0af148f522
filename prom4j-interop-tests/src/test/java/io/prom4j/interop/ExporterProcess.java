package io.prom4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A server program of the Prometheus ecosystem (Prometheus itself, the Pushgateway, node_exporter)
 * run for one test class on 127.0.0.1 with a free port: started, waited for until it is ready, and
 * stopped.
 *
 * <p>Its output goes to a log file; {@link #check} attaches the log's tail to an assertion failure,
 * and {@link #close()} copies the log to the directory named by the system property {@code
 * prom4j.interop.logDir}.
 */
final class ExporterProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 40;
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final String name;
  private final int port;

  private ExporterProcess(Process process, Path log, String name, int port) {
    this.process = process;
    this.log = log;
    this.name = name;
    this.port = port;
  }

  /** Whether the program on {@code port} is ready for the test. */
  @FunctionalInterface
  interface Readiness {
    boolean ready(int port) throws IOException, InterruptedException;
  }

  /**
   * Starts {@code binary} with the arguments {@code args} gives for a free port, and waits until
   * that port accepts connections (exporters listen only once they are set up).
   *
   * @param workDir a directory for the log
   * @param name a name for the log file, such as {@code pushgateway-PushGatewayIT}
   * @throws AssertionError if it exits or does not listen in time (with its log)
   */
  static ExporterProcess start(
      Path binary, Path workDir, String name, IntFunction<List<String>> args) {
    return start(binary, workDir, name, args, ExporterProcess::accepts);
  }

  /**
   * Starts {@code binary} as {@link #start(Path, Path, String, IntFunction)} does, and waits until
   * {@code readiness} says it is ready. If the free port is taken between the probe and the
   * program's bind, it is started again on another one (a few times).
   */
  static ExporterProcess start(
      Path binary, Path workDir, String name, IntFunction<List<String>> args, Readiness readiness) {
    try {
      Files.createDirectories(workDir);
      AssertionError last = null;
      // the free port may be taken between our probe and the program's bind: retry a few times
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = freePort();
        Path log = workDir.resolve(name + "-" + attempt + ".log");
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args.apply(port));
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TZ", "UTC");
        ExporterProcess p = new ExporterProcess(builder.start(), log, name, port);
        try {
          p.awaitReady(readiness);
          return p;
        } catch (AssertionError e) {
          p.close();
          last = e;
          if (!p.logText().contains("address already in use")) {
            throw e;
          }
        }
      }
      throw last;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  /** The port it listens on, on 127.0.0.1. */
  int port() {
    return port;
  }

  /** Runs assertions; a failure is rethrown with the tail of the program's log attached. */
  void check(Eventually.Check assertions) {
    try {
      assertions.run();
    } catch (AssertionError e) {
      throw withLog(e);
    } catch (Exception e) {
      throw withLog(new AssertionError(e.toString(), e));
    }
  }

  /** {@code e} with the tail of the log appended to its message. */
  AssertionError withLog(Throwable e) {
    return new AssertionError(
        e.getMessage()
            + "\n--- "
            + name
            + " log, last "
            + LOG_TAIL_LINES
            + " lines ("
            + log
            + ") ---\n"
            + logTail(),
        e);
  }

  /** The last lines of the log. */
  String logTail() {
    List<String> lines = logText().lines().toList();
    return String.join(
        "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  /** Stops the program (SIGTERM, then SIGKILL if it lingers) and keeps its log. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    keepLog();
  }

  private void awaitReady(Readiness readiness) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      while (true) {
        if (!process.isAlive()) {
          throw withLog(
              new AssertionError(
                  name + " exited with " + process.exitValue() + " before it was ready"));
        }
        try {
          if (readiness.ready(port)) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() - deadline >= 0) {
          throw withLog(
              new AssertionError(
                  name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s"));
        }
        process.waitFor(100, TimeUnit.MILLISECONDS); // poll interval; returns early on exit
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  /** Ready when the port accepts a TCP connection. */
  private static boolean accepts(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    }
  }

  private String logText() {
    try {
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private void keepLog() {
    String dir = System.getProperty("prom4j.interop.logDir");
    if (dir == null || !Files.exists(log)) {
      return;
    }
    try {
      Path target = Files.createDirectories(Path.of(dir)).resolve(name + ".log");
      Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // the copy is a convenience for post-mortems; the test outcome does not depend on it
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
