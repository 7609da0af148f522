package io.prom4j.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs the interoperability tests drive.
 *
 * <p>A missing or unusable tool skips the test outside CI, with a message naming the Debian package
 * to install. With the environment variable {@code CI=true} it fails the test instead: CI must
 * never pass by skipping ({@code .ci/run} installs every tool first).
 */
final class Tools {

  /** The programs, each with the Debian package that provides it. */
  enum Tool {
    /** The Prometheus server, 2.49 or later (the first with {@code scrape_protocols}). */
    PROMETHEUS(
        "prometheus",
        "prometheus (2.49 or later; Debian 12 has 2.42, .ci/run installs Debian 13's)"),
    /** Prometheus' command line tool ({@code promtool check metrics}). */
    PROMTOOL("promtool", "promtool (Debian 13; part of package prometheus on Debian 12)"),
    /** The system Python with the Prometheus client (its parsers are the reference). */
    PYTHON3("/usr/bin/python3 with prometheus_client", "python3-prometheus-client"),
    /** The OpenSSL command line ({@code s_client}, certificate generation). */
    OPENSSL("openssl", "openssl"),
    /** curl. */
    CURL("curl", "curl"),
    /** The Prometheus Pushgateway, 1.11 or later. */
    PUSHGATEWAY(
        "prometheus-pushgateway",
        "prometheus-pushgateway (1.11 or later: Debian sid's; .ci/run unpacks it into "
            + "/opt/prom4j-tools/prometheus-pushgateway)"),
    /** The Prometheus node_exporter (its textfile collector), 1.11 or later. */
    NODE_EXPORTER(
        "prometheus-node-exporter",
        "prometheus-node-exporter (1.11 or later: Debian sid's; .ci/run unpacks it into "
            + "/opt/prom4j-tools/prometheus-node-exporter)");

    private final String display;
    private final String debianPackage;

    Tool(String display, String debianPackage) {
      this.display = display;
      this.debianPackage = debianPackage;
    }
  }

  /** Where a tool was found, or why it is not usable. */
  private record Found(Path path, String problem) {}

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern PROMETHEUS_VERSION =
      Pattern.compile("version (\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Map<Tool, Found> FOUND = new ConcurrentHashMap<>();

  /** Where {@code .ci/run} unpacks the tools that Debian 12 lacks, one directory each. */
  private static final Path TOOLS_DIR = Path.of("/opt/prom4j-tools");

  private Tools() {}

  /**
   * The tool's executable. Skips the calling test when it is missing (fails it when {@code
   * CI=true}).
   */
  static Path require(Tool tool) {
    Found found = FOUND.computeIfAbsent(tool, Tools::find);
    if (found.problem() != null) {
      String message =
          tool.display
              + " is not usable ("
              + found.problem()
              + "); install the Debian package "
              + tool.debianPackage;
      if (isCi()) {
        fail(message + ". CI=true: a missing tool fails the build instead of skipping.");
      }
      Assumptions.abort(message);
    }
    return found.path();
  }

  /** True when the environment says this is a CI run ({@code CI=true}). */
  static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static Found find(Tool tool) {
    return switch (tool) {
      case PROMETHEUS -> findPrometheus();
      case PROMTOOL -> probe(onPath("promtool"), "--version");
      // The Debian python3 on purpose: a pyenv or venv python3 first on PATH usually lacks
      // the Debian package python3-prometheus-client.
      case PYTHON3 ->
          probe(
              executable(Path.of("/usr/bin/python3")),
              "-c",
              "import prometheus_client.parser, prometheus_client.openmetrics.parser");
      case OPENSSL -> probe(onPath("openssl"), "version");
      case CURL -> probe(onPath("curl"), "--version");
      case PUSHGATEWAY -> findExporter("prometheus-pushgateway", "pushgateway");
      case NODE_EXPORTER -> findExporter("prometheus-node-exporter", "node_exporter");
    };
  }

  /**
   * A Go exporter of version 1.11 or later: the copy {@code .ci/run} unpacks into {@code
   * /opt/prom4j-tools/<package>}, else the Debian package's or upstream's name on PATH.
   */
  private static Found findExporter(String debianName, String upstreamName) {
    Path path = executable(TOOLS_DIR.resolve(debianName).resolve("usr/bin").resolve(debianName));
    if (path == null) {
      path = onPath(debianName);
    }
    if (path == null) {
      path = onPath(upstreamName);
    }
    Found found = probe(path, "--version");
    if (found.problem() != null) {
      return found;
    }
    Exec.Result version = Exec.run(List.of(path.toString(), "--version"), PROBE_TIMEOUT);
    Matcher m = PROMETHEUS_VERSION.matcher(version.stdout() + version.stderr());
    if (!m.find()) {
      return new Found(null, "cannot read the version of " + path);
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major < 1 || (major == 1 && minor < 11)) {
      return new Found(null, path + " is version " + m.group() + ", older than 1.11");
    }
    return found;
  }

  private static Found findPrometheus() {
    Found found = probe(onPath("prometheus"), "--version");
    if (found.problem() != null) {
      return found;
    }
    Exec.Result version = Exec.run(List.of(found.path().toString(), "--version"), PROBE_TIMEOUT);
    Matcher m = PROMETHEUS_VERSION.matcher(version.stdout() + version.stderr());
    if (!m.find()) {
      return new Found(null, "cannot read the version of " + found.path());
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major < 2 || (major == 2 && minor < 49)) {
      return new Found(null, found.path() + " is version " + m.group() + ", older than 2.49");
    }
    return found;
  }

  /** Runs the tool with harmless arguments; a non-zero exit makes it unusable. */
  private static Found probe(Path path, String... args) {
    if (path == null) {
      return new Found(null, "not found");
    }
    List<String> command = new ArrayList<>();
    command.add(path.toString());
    command.addAll(List.of(args));
    try {
      Exec.Result r = Exec.run(command, PROBE_TIMEOUT);
      if (r.exitCode() != 0) {
        return new Found(
            null,
            String.join(" ", command) + " exited with " + r.exitCode() + ": " + r.stderr().strip());
      }
      return new Found(path, null);
    } catch (RuntimeException | AssertionError e) {
      return new Found(null, String.join(" ", command) + " failed: " + e.getMessage());
    }
  }

  /** The program in /usr/bin (where Debian puts it), else the first one on PATH. */
  private static Path onPath(String name) {
    Path usrBin = executable(Path.of("/usr/bin", name));
    if (usrBin != null) {
      return usrBin;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = executable(Path.of(dir, name));
        if (candidate != null) {
          return candidate;
        }
      }
    }
    return null;
  }

  private static Path executable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
  }
}
