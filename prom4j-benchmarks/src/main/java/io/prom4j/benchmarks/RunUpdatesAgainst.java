package io.prom4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * prom4j's updates in this build against another build's: the speed issue's "updates no slower than
 * today", today being v1 ({@code 0de2c15}). Runs prom4j's {@code counterInc}, {@code
 * counterIncLabelsLookup} and {@code histogramObserve} on one and two threads ({@code
 * UpdateBenchmark}, {@code UpdateBenchmark2Threads}: both builds have them) in a child JVM per
 * fork, the builds alternating fork by fork so that they see the same machine noise, this one
 * twice: as it is and with automatic exemplars off ({@link #THIS_BUILD_NO_EXEMPLARS}); writes one
 * row per fork and benchmark to {@code target/results/updates-baseline.tsv} for {@link
 * TargetsReport}.
 *
 * <p>Arguments: {@code --baseline JAR} (the other build's benchmarks.jar, required), {@code --label
 * NAME} (what to call it, {@code v1}), {@code --forks N} (per jar, 3); anything after {@code --}
 * replaces the JMH settings of every fork ({@code -wi 3 -i 5 -w 1 -r 1}).
 */
public final class RunUpdatesAgainst {

  /** The benchmarks compared, as a JMH regex. */
  static final String BENCHMARKS =
      "UpdateBenchmark(2Threads)?\\.prom4j_(counterInc|counterIncLabelsLookup|histogramObserve)$";

  /** The label of this build's rows. */
  static final String THIS_BUILD = "now";

  /**
   * The label of this build's rows with automatic exemplars off ({@code
   * -Dio.prom4j.exemplars=false}): the benchmarks' class path holds the OpenTelemetry API, which
   * turns them on, and v1 had none, so these rows do the work v1's do.
   */
  static final String THIS_BUILD_NO_EXEMPLARS = "now-exemplars-off";

  /** A jar to fork, what to call its rows, and its JMH settings. */
  private record Build(String label, String jar, List<String> jmh) {}

  private RunUpdatesAgainst() {}

  public static void main(String[] args) throws Exception {
    String baseline = RunScrapes.stringArg(args, "--baseline", null);
    if (baseline == null || !Files.isRegularFile(Path.of(baseline))) {
      throw new IllegalArgumentException(
          "--baseline must name the other build's benchmarks.jar: " + baseline);
    }
    String label = RunScrapes.stringArg(args, "--label", "v1");
    int forks = RunScrapes.intArg(args, "--forks", 3);
    List<String> jmh = new ArrayList<>(List.of("-wi", "3", "-i", "5", "-w", "1", "-r", "1"));
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        jmh = List.of(args).subList(i + 1, args.length);
      }
    }
    String self = System.getProperty("java.class.path"); // this jar

    List<String> rows = new ArrayList<>();
    rows.add(
        "# "
            + label
            + "="
            + Path.of(baseline).toAbsolutePath()
            + " forks="
            + forks
            + " "
            + String.join(" ", jmh)
            + ", java "
            + Runtime.version());
    rows.add("# build\tbenchmark\tthreads\tfork\tscore\tunit");
    List<String> noExemplars = new ArrayList<>(jmh);
    noExemplars.addAll(List.of("-jvmArgsAppend", "-Dio.prom4j.exemplars=false"));
    List<Build> builds =
        List.of(
            new Build(label, baseline, jmh),
            new Build(THIS_BUILD, self, jmh),
            new Build(THIS_BUILD_NO_EXEMPLARS, self, noExemplars));
    for (int fork = 1; fork <= forks; fork++) {
      for (Build b : builds) {
        for (String[] r : fork(b.jar, b.jmh)) {
          rows.add(String.join("\t", b.label, r[0], r[1], Integer.toString(fork), r[2], r[3]));
        }
        Results.write("updates-baseline.tsv", rows); // what is done so far survives an abort
      }
    }
    rows.forEach(System.out::println);
    System.out.println("rows: " + Results.DIR.resolve("updates-baseline.tsv"));
  }

  /**
   * One JMH fork of {@link #BENCHMARKS} from {@code jar} in a child JVM: {benchmark (class.method),
   * threads, score, unit} per benchmark.
   */
  private static List<String[]> fork(String jar, List<String> jmh)
      throws IOException, InterruptedException {
    Path csv = Files.createTempFile("prom4j-updates", ".csv");
    try {
      List<String> command =
          new ArrayList<>(List.of("-cp", jar, "org.openjdk.jmh.Main", BENCHMARKS, "-f", "1"));
      command.addAll(jmh);
      command.addAll(List.of("-rf", "csv", "-rff", csv.toString()));
      java(command);
      return parse(Files.readAllLines(csv, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  /**
   * JMH's CSV ({@code "Benchmark","Mode","Threads","Samples","Score","Score Error
   * (99.9%)","Unit"}): {benchmark without its package, threads, score, unit} per line.
   */
  static List<String[]> parse(List<String> lines) {
    List<String[]> out = new ArrayList<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split(",", -1);
      for (int i = 0; i < c.length; i++) {
        c[i] = c[i].replace("\"", "");
      }
      String name = c[0];
      String bare = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      out.add(new String[] {bare, c[2], c[4], c[6]});
    }
    return out;
  }

  /**
   * Runs the {@code java} of this JVM with {@code args}, its output on this one's; fails if it
   * does.
   */
  static void java(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("java exited with " + p.exitValue() + ": " + command);
    }
  }
}
