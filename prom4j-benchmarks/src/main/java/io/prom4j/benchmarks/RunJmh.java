package io.prom4j.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks (any standard JMH command-line arguments, for example a name regex or
 * {@code -p series=10000}) with the GC profiler, and writes one row per benchmark with the median
 * of its measurement iterations and the bytes allocated per operation to {@code
 * target/results/jmh.tsv}, for {@link Report}. Rows of benchmarks run before and not run again are
 * kept, so a partial re-run updates only its own rows.
 */
public final class RunJmh {
  private RunJmh() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    Options options = new OptionsBuilder().parent(cli).addProfiler(GCProfiler.class).build();
    Collection<RunResult> results = new Runner(options).run();
    // Merge into earlier results: a re-run of some benchmarks replaces just their rows.
    Map<String, String> rows = new LinkedHashMap<>();
    for (String[] old : Results.read("jmh.tsv")) {
      rows.put(old[0] + "\t" + old[1] + "\t" + old[2], String.join("\t", old));
    }
    for (RunResult r : results) {
      String row = row(r);
      String[] f = row.split("\t", -1);
      rows.put(f[0] + "\t" + f[1] + "\t" + f[2], row);
    }
    List<String> lines = new ArrayList<>();
    lines.add("# benchmark\tthreads\tparams\tunit\tmedian\tallocBytesPerOp");
    lines.addAll(rows.values());
    Results.write("jmh.tsv", lines);
  }

  static String row(RunResult r) {
    BenchmarkParams p = r.getParams();
    List<Double> scores = new ArrayList<>();
    double alloc = Double.NaN;
    List<Double> allocs = new ArrayList<>();
    for (BenchmarkResult b : r.getBenchmarkResults()) {
      for (IterationResult i : b.getIterationResults()) {
        scores.add(i.getPrimaryResult().getScore());
        Result<?> norm = i.getSecondaryResults().get("gc.alloc.rate.norm");
        if (norm != null) {
          allocs.add(norm.getScore());
        }
      }
    }
    if (!allocs.isEmpty()) {
      alloc = Results.median(allocs.stream().mapToDouble(Double::doubleValue).toArray());
    }
    StringBuilder params = new StringBuilder();
    for (String k : p.getParamsKeys()) {
      if (params.length() > 0) {
        params.append(',');
      }
      params.append(k).append('=').append(p.getParam(k));
    }
    String name =
        p.getBenchmark()
            .substring(
                p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
    return String.join(
        "\t",
        name,
        Integer.toString(p.getThreads()),
        params.toString(),
        r.getPrimaryResult().getScoreUnit(),
        Double.toString(Results.median(scores.stream().mapToDouble(Double::doubleValue).toArray())),
        Double.toString(alloc));
  }
}
