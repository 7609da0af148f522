package io.prom4j.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group paths. Vectors from the Python client's tests (python-behaviour 4.6) where both agree, and
 * the Pushgateway README's examples.
 */
class GroupingKeyTest {

  @Test
  void path_jobOnly_isMetricsJobName() {
    assertThat(GroupingKey.path("my_job", Map.of())).isEqualTo("/metrics/job/my_job");
  }

  @Test
  void path_plainValue_isNameSlashValue() {
    assertThat(GroupingKey.path("my_job", Map.of("a", "9"))).isEqualTo("/metrics/job/my_job/a/9");
  }

  @Test
  void path_severalLabels_areInNameOrder() {
    Map<String, String> key = new HashMap<>();
    key.put("zone", "eu");
    key.put("instance", "db-1");
    key.put("a", "9");

    assertThat(GroupingKey.path("j", key)).isEqualTo("/metrics/job/j/a/9/instance/db-1/zone/eu");
  }

  @Test
  void path_emptyValue_isBase64WithOnePaddingCharacter() {
    // the README: "a single = is required to encode an empty label value"
    assertThat(GroupingKey.path("my_job", Map.of("a", "")))
        .isEqualTo("/metrics/job/my_job/a@base64/=");
  }

  @Test
  void path_valueWithSlash_isUrlSafeBase64() {
    assertThat(GroupingKey.path("my_job", Map.of("a", "9", "b", "a/ z")))
        .isEqualTo("/metrics/job/my_job/a/9/b@base64/YS8geg==");
    assertThat(GroupingKey.path("directory_cleaner", Map.of("path", "/var/tmp")))
        .isEqualTo("/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA=");
  }

  @Test
  void path_base64OfValue_usesUrlSafeAlphabetNotPlusAndSlash() {
    // "/~~~" is "L35+fg==" in the standard alphabet: '+' must be '-' (RFC 4648 section 5)
    assertThat(GroupingKey.path("j", Map.of("p", "/~~~")))
        .isEqualTo("/metrics/job/j/p@base64/L35-fg==");
    // "?\u00bf/" is "P8K/Lw==" in the standard alphabet: '/' must be '_'
    assertThat(GroupingKey.path("j", Map.of("p", "?\u00bf/")))
        .isEqualTo("/metrics/job/j/p@base64/P8K_Lw==");
  }

  @Test
  void path_jobWithSlash_isBase64Job() {
    assertThat(GroupingKey.path("my/job", Map.of())).isEqualTo("/metrics/job@base64/bXkvam9i");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void path_dotSegmentValue_isBase64SoTheRouterCannotResolveIt(String value) {
    assertThat(GroupingKey.path(value, Map.of("a", value)))
        .isEqualTo(
            "/metrics/job@base64/"
                + (value.equals(".") ? "Lg==" : "Li4=")
                + "/a@base64/"
                + (value.equals(".") ? "Lg==" : "Li4="));
  }

  @Test
  void path_otherSpecialCharacters_arePercentEncodedUtf8() {
    assertThat(GroupingKey.path("titan", Map.of("name", "Προμηθεύς")))
        .isEqualTo(
            "/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82");
    assertThat(GroupingKey.path("j", Map.of("v", "value with spaces")))
        .isEqualTo("/metrics/job/j/v/value%20with%20spaces");
    assertThat(GroupingKey.path("j k", Map.of("v", "100%?#+&=@")))
        .isEqualTo("/metrics/job/j%20k/v/100%25%3F%23%2B%26%3D%40");
  }

  @Test
  void path_unreservedCharacters_areKept() {
    assertThat(GroupingKey.path("a-b.c_d~e", Map.of("x", "A-Z.0_9~")))
        .isEqualTo("/metrics/job/a-b.c_d~e/x/A-Z.0_9~");
  }

  @Test
  void path_emptyJob_throwsIllegalArgument() {
    assertThatThrownBy(() -> GroupingKey.path("", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job must not be empty: the Pushgateway requires a job name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0a", "a-b", "a.b", "ä", "a b"})
  void path_labelNameNotLegacy_throwsIllegalArgumentNamingIt(String name) {
    assertThatThrownBy(() -> GroupingKey.path("j", Map.of(name, "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grouping key label name must match [a-zA-Z_][a-zA-Z0-9_]* (the names a Pushgateway"
                + " accepts by default): \""
                + name
                + "\"");
  }

  @Test
  void path_labelNameWithDoubleUnderscore_throwsIllegalArgument() {
    assertThatThrownBy(() -> GroupingKey.path("j", Map.of("__name__", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grouping key label name must not start with __ (reserved for internal use):"
                + " __name__");
  }

  @Test
  void path_labelJob_throwsIllegalArgument() {
    assertThatThrownBy(() -> GroupingKey.path("j", Map.of("job", "other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grouping key must not contain the label job: the job is its own argument");
  }

  @Test
  void path_unpairedSurrogate_throwsIllegalArgument() {
    assertThatThrownBy(() -> GroupingKey.path("j", Map.of("a", "x\ud800")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grouping key value of label a must be valid Unicode: unpaired surrogate U+D800 at"
                + " index 1");
    assertThatThrownBy(() -> GroupingKey.path("\udc00", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("job must be valid Unicode");
  }

  @Test
  void path_nulls_throwNullPointer() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("a", null);
    Map<String, String> nullName = new HashMap<>();
    nullName.put(null, "v");

    assertThatThrownBy(() -> GroupingKey.path(null, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("job");
    assertThatThrownBy(() -> GroupingKey.path("j", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("groupingKey");
    assertThatThrownBy(() -> GroupingKey.path("j", nullValue))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("grouping key value of label a is null");
    assertThatThrownBy(() -> GroupingKey.path("j", nullName))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("grouping key label name");
  }
}
