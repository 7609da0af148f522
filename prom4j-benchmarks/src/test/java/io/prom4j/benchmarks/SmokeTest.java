package io.prom4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Keeps the benchmarks compiling and runnable: one short in-process run, not a measurement. */
class SmokeTest {

  @Test
  void counterIncrementBenchmarkRuns() throws Exception {
    Options options = new OptionsBuilder()
        .include(UpdateBenchmark.class.getName() + ".prom4j_counterInc$")
        .forks(0).warmupIterations(0).measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200)).build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results).hasSize(1);
    assertThat(results.iterator().next().getPrimaryResult().getScore()).isPositive();
  }

  @Test
  void bothLibrariesRenderTheSameWorkload() {
    assertThat(io.prom4j.exposition.TextFormat.generateLatest(Registries.prom4j(1000)))
        .contains("app_requests_0_total{path=\"/api/v1/resource/0\",status=\"500\"}");
    assertThat(Registries.clientJava(1000).scrape().size()).isEqualTo(11);
  }
}
