package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prom4j.CollectorRegistry;
import io.prom4j.exposition.OpenMetricsFormat;
import io.prom4j.exposition.TextFormat;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import io.prom4j.model.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus Python client's parsers (the reference implementation prom4j follows) read
 * prom4j's text 0.0.4 and OpenMetrics output: they must find the same families, sample names,
 * labels and values that {@code registry.collect()} holds.
 */
class PythonParserIT {

  /** A family as the Python parser reports it. */
  record Family(String name, String type, String help, String unit) {}

  /** Everything the parser read: families in order, and each family's samples. */
  record Parsed(List<Family> families, Map<String, Map<SeriesKey, Double>> samples) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SCRIPT = "parse_exposition.py";

  @TempDir static Path dir;

  private static Path python;
  private static Path script;
  private static CollectorRegistry registry;

  @BeforeAll
  static void setUp() throws IOException {
    python = Tools.require(Tools.Tool.PYTHON3);
    script = dir.resolve(SCRIPT);
    try (InputStream in = PythonParserIT.class.getResourceAsStream(SCRIPT)) {
      assertThat(in).as("resource " + SCRIPT).isNotNull();
      Files.copy(in, script);
    }
    registry = InteropMetrics.create();
  }

  @Test
  void textParser_readsTheRegistrysFamiliesSamplesAndValues() {
    String text = TextFormat.generateLatest(registry);

    Parsed parsed = parse("text", text);

    Map<String, Map<SeriesKey, Double>> expectedSamples = new LinkedHashMap<>();
    List<Family> expectedFamilies =
        registry.collect().stream()
            .map(
                f -> {
                  // text 0.0.4 has no info type: an info family is the gauge <name>_info
                  String name = f.type() == MetricType.INFO ? f.name() + "_info" : f.name();
                  expectedSamples.put(name, samples(f, false));
                  return new Family(name, textType(f.type()), f.help(), "");
                })
            .toList();
    assertThat(parsed.families()).as(text).containsExactlyElementsOf(expectedFamilies);
    assertSamples(parsed, expectedSamples, text);
  }

  @Test
  void openMetricsParser_readsTheRegistrysFamiliesSamplesAndValues() {
    // with _created on (off by default), so Python's parser reads them inline too
    String text = OpenMetricsFormat.builder().createdSeries(true).build().render(registry);

    Parsed parsed = parse("openmetrics", text);

    Map<String, Map<SeriesKey, Double>> expectedSamples = new LinkedHashMap<>();
    List<Family> expectedFamilies =
        registry.collect().stream()
            .map(
                f -> {
                  expectedSamples.put(f.name(), samples(f, true));
                  return new Family(f.name(), f.type().openMetricsName(), f.help(), f.unit());
                })
            .toList();
    assertThat(parsed.families()).as(text).containsExactlyElementsOf(expectedFamilies);
    assertSamples(parsed, expectedSamples, text);
  }

  @Test
  void bothParsers_readTheHandWrittenValues() {
    // independent of prom4j's model: the values as set, special floats and escapes included
    for (String format : List.of("text", "openmetrics")) {
      String text =
          format.equals("text")
              ? TextFormat.generateLatest(registry)
              : OpenMetricsFormat.generateLatest(registry);
      Map<SeriesKey, Double> all = new LinkedHashMap<>();
      parse(format, text).samples().values().forEach(all::putAll);
      assertThat(all).as("%s:\n%s", format, text).containsAllEntriesOf(InteropMetrics.HAND_WRITTEN);
    }
  }

  private static void assertSamples(
      Parsed parsed, Map<String, Map<SeriesKey, Double>> expected, String text) {
    assertThat(parsed.samples().keySet()).as(text).containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, Map<SeriesKey, Double>> e : expected.entrySet()) {
      // Double.equals: NaN equals NaN, so NaN is compared as NaN
      assertThat(parsed.samples().get(e.getKey()))
          .as("samples of %s in\n%s", e.getKey(), text)
          .containsExactlyInAnyOrderEntriesOf(e.getValue());
    }
  }

  /** The family's samples, without {@code _created} unless {@code withCreated}. */
  private static Map<SeriesKey, Double> samples(MetricFamily f, boolean withCreated) {
    Map<SeriesKey, Double> out = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      if (withCreated || !InteropMetrics.isCreated(f, s)) {
        out.put(new SeriesKey(s.name(), s.labels().asMap()), s.value());
      }
    }
    return out;
  }

  /** The type the Python text parser reports for a family of this type. */
  private static String textType(MetricType type) {
    return switch (type) {
      case COUNTER -> "counter";
      case GAUGE, INFO, STATESET -> "gauge";
      case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
      case SUMMARY -> "summary";
      // the parser reads TYPE untyped, and its Metric class renames that type to unknown
      case UNKNOWN -> "unknown";
    };
  }

  /** Runs the parser script on {@code text}; a parse error fails with Python's traceback. */
  private static Parsed parse(String format, String text) {
    Exec.Result r =
        Exec.run(
            List.of(python.toString(), script.toString(), format),
            text.getBytes(StandardCharsets.UTF_8),
            TIMEOUT);
    assertThat(r.exitCode()).as("%s\n--- input ---\n%s", r.describe(), text).isZero();
    ObjectMapper json = new ObjectMapper();
    List<Family> families = new ArrayList<>();
    Map<String, Map<SeriesKey, Double>> samples = new LinkedHashMap<>();
    try {
      for (String line : r.stdout().lines().toList()) {
        JsonNode n = json.readTree(line);
        if (n.has("family") && !n.has("sample")) {
          families.add(
              new Family(
                  n.get("family").asText(),
                  n.get("type").asText(),
                  n.get("help").asText(),
                  n.get("unit").asText()));
          samples.putIfAbsent(n.get("family").asText(), new LinkedHashMap<>());
        } else {
          Map<String, String> labels = new TreeMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = n.get("labels").fields();
              it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
          }
          samples
              .computeIfAbsent(n.get("family").asText(), k -> new LinkedHashMap<>())
              .put(
                  new SeriesKey(n.get("sample").asText(), labels),
                  pythonFloat(n.get("value").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable parser output:\n" + r.stdout(), e);
    }
    return new Parsed(families, samples);
  }

  /** A Python {@code repr(float)}: {@code nan}, {@code inf}, {@code -inf} or a decimal. */
  private static double pythonFloat(String repr) {
    return switch (repr) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(repr);
    };
  }
}
