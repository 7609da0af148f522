package io.prom4j.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command to completion under a deadline and captures what it printed.
 *
 * <p>Output goes to temporary files rather than pipes, so a chatty process can never block on a
 * full pipe while we wait for it.
 */
final class Exec {

  /**
   * What a finished command left behind.
   *
   * @param command the command line, for messages
   * @param exitCode the process exit code
   * @param stdout standard output, decoded as UTF-8
   * @param stderr standard error, decoded as UTF-8
   * @param elapsed wall time from start to exit
   */
  record Result(
      List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {

    /** Both streams, labelled, for assertion messages. */
    String describe() {
      return String.join(" ", command)
          + " exited with "
          + exitCode
          + " after "
          + elapsed.toMillis()
          + " ms\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  private Exec() {}

  /** Runs {@code command} with empty input. */
  static Result run(List<String> command, Duration timeout) {
    return run(command, new byte[0], timeout, Map.of());
  }

  /** Runs {@code command} with {@code stdin} as its input. */
  static Result run(List<String> command, byte[] stdin, Duration timeout) {
    return run(command, stdin, timeout, Map.of());
  }

  /**
   * Runs {@code command} with {@code stdin} as its input and {@code env} added to the environment.
   *
   * @throws AssertionError if the command does not finish within {@code timeout} (it is killed)
   */
  static Result run(List<String> command, byte[] stdin, Duration timeout, Map<String, String> env) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("prom4j-exec", ".out");
      err = Files.createTempFile("prom4j-exec", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      long start = System.nanoTime();
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      } catch (IOException e) {
        // the process exited or closed its input without reading everything: its exit code
        // and output tell the story
      }
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      Result result =
          new Result(
              List.copyOf(command),
              finished ? process.exitValue() : -1,
              // lenient decoding: binary or broken output must not hide the exit code
              new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
              new String(Files.readAllBytes(err), StandardCharsets.UTF_8),
              Duration.ofNanos(System.nanoTime() - start));
      if (!finished) {
        throw new AssertionError(
            "command did not finish within "
                + timeout.toMillis()
                + " ms and was killed: "
                + result.describe());
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // a leftover temporary file is harmless
      }
    }
  }
}
