package io.prom4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link ServeWorkload} in a child JVM on this JVM's class path, with its open-files soft limit
 * raised to {@value #OPEN_FILES} ({@code bash -c 'ulimit -n ...; exec java ...'}), its standard
 * error captured in a temporary file, and the readings {@link RunHostile} takes of it: {@code
 * /proc/<pid>/status} fields and the heap in use after a full GC ({@code jcmd} of the same JDK).
 */
final class ChildJvm implements AutoCloseable {
  static final int OPEN_FILES = 20_000;

  private final Process process;
  private final Path java;
  private final Path stderr;
  private final int port;
  private final String version;

  private ChildJvm(Process process, Path java, Path stderr, int port, String version) {
    this.process = process;
    this.java = java;
    this.stderr = stderr;
    this.port = port;
    this.version = version;
  }

  /** Starts {@code java} (a path) with the JVM options given, serving {@code series} series. */
  static ChildJvm start(Path java, int series, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add("-c");
    // exec: the java process keeps bash's pid, so /proc/<pid> and jcmd see the JVM
    command.add("ulimit -n " + OPEN_FILES + " 2>/dev/null; exec \"$@\"");
    command.add("bash");
    command.add(java.toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ServeWorkload.class.getName());
    command.add("--series");
    command.add(Integer.toString(series));
    command.add("--port");
    command.add("0");
    Path stderr = Files.createTempFile("prom4j-child", ".err");
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until the child listens (or dies)
    String[] words = line == null ? new String[0] : line.split(" ");
    if (words.length != 4 || !words[0].equals("PORT")) {
      p.destroyForcibly();
      throw new IOException(
          "child server did not start: " + line + "\n" + Files.readString(stderr));
    }
    return new ChildJvm(p, java, stderr, Integer.parseInt(words[1]), words[3]);
  }

  int port() {
    return port;
  }

  /** The child's {@code Runtime.version()}. */
  String version() {
    return version;
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

  /** A field of /proc/PID/status as a number ({@code VmRSS} is in kB), or -1 once it is gone. */
  long status(String field) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (l.startsWith(field + ":")) {
          return Long.parseLong(l.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process has ended (or this is not Linux)
    }
    return -1;
  }

  /** A full GC ({@code jcmd GC.run}), then the heap in use in MiB ({@code GC.heap_info}). */
  double heapAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    // G1 on 17: "garbage-first heap   total 262144K, used 12345K [...]"; on 25: "total reserved
    // ..K, committed ..K, used 12345K [...]": the first "used" is the whole heap's
    Matcher m = Pattern.compile("used (\\d+)K").matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path dir = java.toRealPath().getParent();
    Path jcmd = dir.resolve("jcmd");
    Process p =
        new ProcessBuilder(
                Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid()), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("jcmd " + command + " failed: " + out);
    }
    return out;
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
