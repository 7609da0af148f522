package io.prom4j.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started with {@code -javaagent:target/prom4j-agent.jar=<argument>}; its output goes
 * to files in a directory, its standard input stays open until {@link #finish()}.
 */
final class ChildJvm implements AutoCloseable {

  static final Duration DEADLINE = Duration.ofSeconds(60);

  static final Path AGENT_JAR = Path.of(property("prom4j.agent.jar"));
  static final Path LIBRARY_JAR = Path.of(property("prom4j.library.jar"));
  static final Path TEST_CLASSES = Path.of(property("prom4j.test.classes"));

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private ChildJvm(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run the *IT classes with failsafe (verify)");
    }
    return value;
  }

  /**
   * Starts {@code java -javaagent:<agent jar>=<agentArgument> -cp <classPath> <mainClass> <args>}.
   */
  static ChildJvm start(
      Path dir, String agentArgument, List<Path> classPath, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + AGENT_JAR + "=" + agentArgument);
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    List<String> entries = new ArrayList<>();
    for (Path p : classPath) {
      entries.add(p.toString());
    }
    command.add(String.join(java.io.File.pathSeparator, entries));
    command.add(mainClass);
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new ChildJvm(process, out, err);
  }

  /** Polls for a file to appear (written atomically by the child) and returns its text. */
  String awaitFile(Path file) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!Files.exists(file)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the child JVM exited with status "
                + process.exitValue()
                + " before writing "
                + file
                + "; stderr: "
                + stderr());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + file + " after " + DEADLINE + "; stderr: " + stderr());
      }
      Thread.sleep(20); // polling a file the child writes, bounded by the deadline
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The port the agent wrote to its {@code port_file}. */
  int awaitPort(Path portFile) throws IOException, InterruptedException {
    return Integer.parseInt(awaitFile(portFile).trim());
  }

  /** Ends the child's standard input, which lets its {@code main} return. */
  void finish() throws IOException {
    try (OutputStream in = process.getOutputStream()) {
      in.write('\n');
    }
  }

  /** Waits for the child to exit by itself and returns its status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the child JVM did not exit within " + DEADLINE);
    }
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
