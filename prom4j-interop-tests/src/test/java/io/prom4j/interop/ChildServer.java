package io.prom4j.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link HostileServerMain} in a child JVM, on this JVM's class path. */
final class ChildServer implements AutoCloseable {

  private final Process process;
  private final Path stderr;
  private final int port;

  private ChildServer(Process process, Path stderr, int port) {
    this.process = process;
    this.stderr = stderr;
    this.port = port;
  }

  /** Starts a child serving {@code series} series with the extra JVM options given. */
  static ChildServer start(int series, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HostileServerMain.class.getName());
    command.add(Integer.toString(series));
    Path stderr = Files.createTempFile("prom4j-child", ".err");
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until the child listens (or dies)
    if (line == null || !line.startsWith("PORT ")) {
      p.destroyForcibly();
      throw new IOException(
          "child server did not start: " + line + "\n" + Files.readString(stderr));
    }
    return new ChildServer(p, stderr, Integer.parseInt(line.substring(5).trim()));
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** What the child wrote to standard error so far (its log). */
  String log() throws IOException {
    return Files.readString(stderr);
  }

  /** A line of /proc/PID/status, such as {@code Threads} or {@code VmRSS}. */
  String status(String field) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (l.startsWith(field + ":")) {
        return l.substring(field.length() + 1).trim();
      }
    }
    return "?";
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(stderr);
  }
}
