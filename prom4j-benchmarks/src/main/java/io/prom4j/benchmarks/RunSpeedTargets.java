package io.prom4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The speed issue's one run: {@link RunScrapes} with churn, {@link RunBigRegistry} and {@link
 * RunUpdatesAgainst}, one after the other, each in a JVM of its own on this jar, and then {@link
 * TargetsReport} into BENCHMARKS.md. Run it from the project root with nothing else running (about
 * 15 minutes on 2 cores); it needs {@code wrk}.
 *
 * <p>Arguments: {@code --baseline JAR} (v1's benchmarks.jar, for {@link RunUpdatesAgainst};
 * required), {@code --rounds N} ({@link RunScrapes}' rounds, 3), {@code --forks N} (per jar, 3).
 */
public final class RunSpeedTargets {
  private RunSpeedTargets() {}

  public static void main(String[] args) throws Exception {
    String baseline = RunScrapes.stringArg(args, "--baseline", null);
    String rounds = Integer.toString(RunScrapes.intArg(args, "--rounds", 3));
    String forks = Integer.toString(RunScrapes.intArg(args, "--forks", 3));
    if (baseline == null) {
      throw new IllegalArgumentException("--baseline must name v1's benchmarks.jar");
    }
    String build = git("describe", "--always", "--dirty");
    run(
        List.of(),
        "RunScrapes",
        "--series",
        "10000",
        "--threads",
        "2",
        "--connections",
        "4",
        "--rounds",
        rounds,
        "--churn",
        "0.1");
    run(List.of("-Xmx4g"), "RunBigRegistry", "--series", "1000000");
    run(List.of(), "RunUpdatesAgainst", "--baseline", baseline, "--label", "v1", "--forks", forks);
    TargetsReport.main(
        new String[] {
          "BENCHMARKS.md",
          "--run",
          "the jar of " + build + ", java " + Runtime.version() + ", RunSpeedTargets"
        });
  }

  /**
   * Runs {@code io.prom4j.benchmarks.<main>} in a child JVM on this class path; fails if it does.
   */
  private static void run(List<String> jvm, String main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(jvm);
    if (System.getProperty("prom4j.results") != null) { // where Results writes, as for this JVM
      command.add("-Dprom4j.results=" + System.getProperty("prom4j.results"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add("io.prom4j.benchmarks." + main);
    command.addAll(List.of(args));
    RunUpdatesAgainst.java(command);
  }

  /** {@code git <args>}'s first line, or "an unknown commit" without git. */
  private static String git(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("git"));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && !out.isEmpty()
          ? out.lines().findFirst().orElse(out)
          : "an unknown commit";
    } catch (IOException e) {
      return "an unknown commit";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "an unknown commit";
    }
  }
}
