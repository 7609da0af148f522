package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.InfoDataPoint;
import io.prom4j.model.MetricType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void beforeInfo_hasNoInfoLabels() {
    Info i = Info.builder().name("build").register(registry);
    assertThat(registry.getSampleValue("build_info")).isEqualTo(1.0);
    assertThat(((InfoDataPoint) i.collect().get(0).points().get(0)).labels().isEmpty()).isTrue();
    assertThat(i.collect().get(0).type()).isEqualTo(MetricType.INFO);
  }

  @Test
  void info_setsAndReplacesLabels() {
    Info i = Info.builder().name("build").register(registry);
    i.info(Map.of("version", "1.2.3", "revision", "abc"));
    assertThat(registry.getSampleValue("build_info", Map.of("version", "1.2.3", "revision", "abc")))
        .isEqualTo(1.0);
    i.info(Map.of("version", "2.0"));
    assertThat(registry.getSampleValue("build_info", Map.of("version", "2.0"))).isEqualTo(1.0);
    assertThat(registry.getSampleValue("build_info", Map.of("version", "1.2.3", "revision", "abc")))
        .isNull();
  }

  @Test
  void info_labelledChild_mergesChildAndInfoLabels() {
    Info i = Info.builder().name("lib").labelNames("name").register(registry);
    i.labels("netty").info(Map.of("version", "4.1"));
    assertThat(registry.getSampleValue("lib_info", Map.of("name", "netty", "version", "4.1")))
        .isEqualTo(1.0);
  }

  @Test
  void info_keyOverlappingLabelName_throwsIllegalArgumentNamingIt() {
    Info i = Info.builder().name("lib").labelNames("name").build();
    assertThatThrownBy(() -> i.labels("x").info(Map.of("name", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlaps")
        .hasMessageContaining(": name");
  }

  @Test
  void info_invalidKey_throwsIllegalArgumentNamingIt() {
    Info i = Info.builder().name("build").build();
    assertThatThrownBy(() -> i.info(Map.of("__v", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("__v");
    assertThatThrownBy(() -> i.info(Map.of("", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("info label name must not be empty");
  }

  @Test
  void info_nullValue_throwsNullPointerNamingKey() {
    Info i = Info.builder().name("build").build();
    Map<String, String> m = new HashMap<>();
    m.put("version", null);
    assertThatThrownBy(() -> i.info(m))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("'version'");
  }

  @Test
  void name_endingInInfo_keepsItAndSampleAddsAnother() {
    Info i = Info.builder().name("build_info").register(registry);
    assertThat(i.collect().get(0).name()).isEqualTo("build_info");
    assertThat(registry.getSampleValue("build_info_info")).isEqualTo(1.0);
  }
}
