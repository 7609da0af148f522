package io.prom4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins every byte of every text format for {@link ExpositionDigest}'s mixed registry: the digests
 * were recorded at commit 1b7922a, before the two text writers became one. A deliberate change of
 * the output updates them (run {@code ExpositionDigest} and paste its lines).
 */
class ExpositionDigestTest {

  @Test
  void digests_everyFormat_matchRecordedBytes() throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(
        "text-0.0.4", "390071 273fce59b10cdbc21245fc550f10ded2e105e767732e66e5191989f049f8c139");
    expected.put(
        "text-0.0.4-created",
        "631332 cbd90b38afc3bab75c62aa81bcbec181de84d93536b7fbedaa7a952c743a4fef");
    expected.put(
        "text-1.0.0-allow-utf-8",
        "396128 8a635d2ac64d66cd7e96bac5bcf9025e6a0b4fed569fa6cd929ac850163a8a45");
    expected.put(
        "text-1.0.0-underscores",
        "390071 273fce59b10cdbc21245fc550f10ded2e105e767732e66e5191989f049f8c139");
    expected.put(
        "text-1.0.0-dots",
        "400186 a985b9d28b01d478815a69f3c3167d5d24b48a31fae12b976aae17e578d353ab");
    expected.put(
        "text-1.0.0-values",
        "408238 466d3c31ebafedf301b50a069ee3de26dd9aefacc27b87d98546f3b9625f10b3");
    expected.put(
        "text-1.0.0-allow-utf-8-created",
        "637415 440d32650880c7e3cec32d5ee175894801b1f0110e6ed1151a114f73c7a3c41e");
    expected.put(
        "openmetrics", "630547 cb7d4cf5c3307fc0c41a28541977121abc56a1b5bd62a892d607567ef597e102");
    expected.put(
        "openmetrics-allow-utf-8",
        "636626 6a852b491c99237ed74a49cee830af9e56e6c67afc4dbc49e9a031f1d66a0bfb");
    expected.put(
        "openmetrics-underscores",
        "630547 cb7d4cf5c3307fc0c41a28541977121abc56a1b5bd62a892d607567ef597e102");
    expected.put(
        "openmetrics-dots",
        "640695 c5a43823286f6b224704f309a47f64d9b6cecd2e1e2d7e3b2a7f41900946fa9f");
    expected.put(
        "openmetrics-values",
        "648769 646fbcc7893e5e4d456d2b679be8211d6fe5e253757548bc591175ea58fb4aac");
    // OpenMetrics' default since _created became opt-in: the text bytes plus OpenMetrics syntax.
    expected.put(
        "openmetrics-default-no-created",
        "390175 77d3f80c721a151d6add6bc8bf5f4e45528dc1f662f3d4ce42080d1935a3ce94");
    assertThat(ExpositionDigest.digests()).containsExactlyEntriesOf(expected);
  }

  @Test
  void render_openMetrics_coversEveryFamilyShape() throws IOException {
    String om = ExpositionDigest.render("openmetrics");
    assertThat(om)
        .contains("# TYPE custom_gh gaugehistogram\n")
        .contains("custom_gh_gcount{q=\"1\"} 4\n")
        .contains("# UNIT custom_hist_seconds seconds\n")
        .contains(
            "custom_hist_seconds_bucket{op=\"read\",le=\"0.005\"} 1 # {trace_id=\"abc\\\"1\"}")
        .contains("custom_summary{svc=\"a\",quantile=\"0.99\"} NaN\n")
        .contains("# TYPE mode stateset\n")
        .endsWith("# EOF\n");
  }
}
