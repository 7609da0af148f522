package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.TextFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check metrics} (Prometheus' own text parser plus its lint rules) on prom4j's text
 * 0.0.4 output.
 */
class PromtoolIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void checkMetrics_textOutputOfEveryMetricType_reportsNoProblem() {
    String text = TextFormat.generateLatest(InteropMetrics.create());

    Exec.Result r = checkMetrics(text);

    // Exit code 0 means: parsed, and no lint problem (promtool exits 3 when it reports lint
    // problems, 1 on a parse error). The registry is named so that no lint rule fires:
    // counters end in _total, units are base units, no name contains a type name.
    assertThat(r.exitCode()).as("%s\n--- input ---\n%s", r.describe(), text).isZero();
    assertThat(r.stdout() + r.stderr()).as("%s\n--- input ---\n%s", r.describe(), text).isBlank();
  }

  @Test
  void checkMetrics_textOutputWithCreatedSeries_reportsNoProblem() throws IOException {
    // the opt-in _created series: written like Python, as a gauge family after each family
    TextFormat format = TextFormat.builder().createdSeries(true).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(out, InteropMetrics.create().collect());
    String text = out.toString(StandardCharsets.UTF_8);

    Exec.Result r = checkMetrics(text);

    assertThat(text).contains("# TYPE interop_requests_created gauge\n");
    assertThat(r.exitCode()).as("%s\n--- input ---\n%s", r.describe(), text).isZero();
    assertThat(r.stdout() + r.stderr()).as("%s\n--- input ---\n%s", r.describe(), text).isBlank();
  }

  @Test
  void checkMetrics_defaultRegistryWithJvmAndProcessMetrics_reportsNoProblem() {
    // what every user serves by default: the JVM and process collectors of the default registry
    String text = TextFormat.generateLatest(CollectorRegistry.defaultRegistry());

    Exec.Result r = checkMetrics(text);

    assertThat(text)
        .contains(
            "# TYPE jvm_memory_used_bytes gauge\n",
            "# TYPE jvm_gc_collection_seconds summary\n",
            "# TYPE jvm_threads_state gauge\n",
            "# TYPE process_cpu_seconds_total counter\n",
            "# TYPE jvm_runtime_info gauge\n");
    assertThat(r.exitCode()).as("%s\n--- input ---\n%s", r.describe(), text).isZero();
    assertThat(r.stdout() + r.stderr()).as("%s\n--- input ---\n%s", r.describe(), text).isBlank();
  }

  @Test
  void checkMetrics_brokenEscape_isRejected() {
    // the control: promtool does reject a bad label escape, so the test above is not vacuous
    Exec.Result r = checkMetrics("# TYPE broken gauge\nbroken{a=\"\\q\"} 1\n");

    assertThat(r.exitCode()).as(r.describe()).isNotZero();
    assertThat(r.stderr()).as(r.describe()).contains("error while linting");
  }

  private static Exec.Result checkMetrics(String text) {
    Path promtool = Tools.require(Tools.Tool.PROMTOOL);
    return Exec.run(
        List.of(promtool.toString(), "check", "metrics"),
        text.getBytes(StandardCharsets.UTF_8),
        TIMEOUT);
  }
}
