package io.prom4j.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The hostile-client tables of BENCHMARKS.md, from {@link RunHostile}'s {@code hostile.tsv}: one
 * table per scenario, a row per child Java version (and per load or format), in file order.
 */
final class HostileReport {
  private HostileReport() {}

  static void append(StringBuilder out) throws IOException {
    List<String[]> rows = Results.read(RunHostile.FILE);
    if (rows.isEmpty()) {
      out.append("\nNo hostile-client results yet (run RunHostile).\n");
      return;
    }
    idle(out, select(rows, "idle"));
    soak(out, select(rows, "soak"));
    big(out, select(rows, "big"));
  }

  private static List<String[]> select(List<String[]> rows, String scenario) {
    return rows.stream().filter(r -> r[0].equals(scenario)).toList();
  }

  private static void idle(StringBuilder out, List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.append("\n### Scrapes while idle connections are held (built-in server in a child JVM, ")
        .append("default limits; ")
        .append(setup(rows, 16))
        .append(")\n\n")
        .append(
            "| java | idle connections | held (min - max) | reconnects/s | scrapes/s"
                + " | p50 / p99 ms | non-2xx / socket errors | RSS MiB | threads |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String[] r : rows) {
      Report.row(
          out,
          r[1],
          f(r[2], 0),
          f(r[3], 0) + " - " + f(r[4], 0),
          f(r[6], 0),
          f(r[8], 1),
          f(r[9], 2) + " / " + f(r[10], 2),
          f(r[12], 0) + " / " + f(r[13], 0),
          f(r[14], 0),
          f(r[15], 0));
    }
    out.append(
        "\nHeld: connections whose connect has finished, seen from the client (those in the"
            + " server's accept backlog included), the lowest and highest of the half-second"
            + " readings. Each one the server closes is replaced at once (reconnects/s). RSS and"
            + " threads: the highest reading of the server JVM's /proc status during the load.\n");
  }

  private static void soak(StringBuilder out, List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.append("\n### Soak: scrapes at full speed (child JVM; ")
        .append(setup(rows, 15))
        .append(")\n\n")
        .append(
            "| java | seconds | scrapes/s | p50 / p99 ms | non-2xx / socket errors"
                + " | heap after full GC, start / end MiB | RSS start / end MiB"
                + " | threads start / end |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String[] r : rows) {
      Report.row(
          out,
          r[1],
          f(r[2], 0),
          f(r[3], 1),
          f(r[4], 2) + " / " + f(r[5], 2),
          f(r[7], 0) + " / " + f(r[8], 0),
          f(r[9], 1) + " / " + f(r[10], 1),
          f(r[11], 0) + " / " + f(r[12], 0),
          r[13] + " / " + r[14]);
    }
  }

  private static void big(StringBuilder out, List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.append("\n### A large registry with slow readers held (child JVM ")
        .append(setup(rows, 17))
        .append(")\n\n")
        .append(
            "| java | series | format | complete scrapes | p50 / max ms | body bytes | failures"
                + " | heap after full GC, start / end MiB | RSS at end MiB | slow readers cut"
                + " | OutOfMemoryError | alive at end |\n")
        .append("|---|---:|---|---:|---:|---:|---|---:|---:|---:|---|---|\n");
    for (String[] r : rows) {
      Report.row(
          out,
          r[1],
          f(r[2], 0),
          r[3],
          r[4] + " / " + r[5],
          f(r[6], 0) + " / " + f(r[7], 0),
          f(r[8], 0),
          r[9],
          f(r[10], 1) + " / " + f(r[11], 1),
          f(r[12], 0),
          r[14],
          r[15].equals("true") ? "yes" : "no",
          r[16].equals("true") ? "yes" : "no");
    }
    out.append(
        "\nThe slow readers take turns at plain text, gzip and OpenMetrics requests; half never"
            + " read, half read one byte a second, and each one the server cuts asks again (slow"
            + " readers cut). The scrapes are one normal client's, one after the other, each read"
            + " to the end.\n");
  }

  /** The setup column's distinct values (one, unless runs of different sizes are mixed). */
  private static String setup(List<String[]> rows, int column) {
    return String.join("; ", rows.stream().map(r -> r[column]).distinct().toList());
  }

  private static String f(String s, int decimals) {
    double v = Double.parseDouble(s);
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}
