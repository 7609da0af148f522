package io.prom4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tab-separated result rows under {@code prom4j-benchmarks/target/results/}, and medians. */
final class Results {
  static final Path DIR =
      Path.of(System.getProperty("prom4j.results", "prom4j-benchmarks/target/results"));

  private Results() {}

  static void write(String file, List<String> rows) throws IOException {
    Files.createDirectories(DIR);
    Files.write(DIR.resolve(file), rows, StandardCharsets.UTF_8);
  }

  static List<String[]> read(String file) throws IOException {
    Path p = DIR.resolve(file);
    List<String[]> out = new ArrayList<>();
    if (!Files.exists(p)) {
      return out;
    }
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  /**
   * The first line of {@code file} without its {@code "# "}: the run its rows are of (series, load,
   * JDK), as each runner writes it.
   */
  static String runLine(String file) throws IOException {
    return Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8).get(0).substring(2);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
