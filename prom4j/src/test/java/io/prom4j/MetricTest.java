package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.DataPoint;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The behaviour every metric type shares: naming, validation, labels, remove and clear. */
class MetricTest {

  private static final String UNPAIRED = "a" + (char) 0xD800 + "b";

  private final CollectorRegistry registry = new CollectorRegistry();

  private static MetricFamily family(Collector c) {
    List<MetricFamily> families = c.collect();
    assertThat(families).hasSize(1);
    return families.get(0);
  }

  private static List<String> labelValues(MetricFamily f, String labelName) {
    return f.points().stream().map(DataPoint::labels).map(l -> l.get(labelName)).toList();
  }

  // ---- names

  @Test
  void build_emptyName_throwsIllegalArgument() {
    assertThatThrownBy(() -> Gauge.builder().name("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric name must not be empty");
  }

  @Test
  void build_nameNotSet_throwsIllegalArgument() {
    assertThatThrownBy(() -> Counter.builder().help("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric name must not be empty");
  }

  @Test
  void build_counterNamedOnlyTotalSuffix_throwsIllegalArgument() {
    assertThatThrownBy(() -> Counter.builder().name("_total").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("_total");
  }

  @Test
  void build_nameWithUnpairedSurrogate_throwsIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> Gauge.builder().name(UNPAIRED).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric name must be valid Unicode")
        .hasMessageContaining("a\\uD800b");
  }

  @Test
  void build_namespaceWithUnpairedSurrogate_throwsIllegalArgument() {
    assertThatThrownBy(() -> Gauge.builder().namespace(UNPAIRED).name("g").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a\\uD800b_g");
  }

  @Test
  void build_anyValidUnicodeName_isAccepted() {
    for (String name : List.of("a b", "0abc", "a-b", "größe", "日本", "emoji_\uD83D\uDE00")) {
      assertThat(Gauge.builder().name(name).build().name()).isEqualTo(name);
    }
  }

  @Test
  void name_joinsNamespaceSubsystemAndName_skippingEmptyParts() {
    assertThat(Gauge.builder().namespace("ns").subsystem("sub").name("g").build().name())
        .isEqualTo("ns_sub_g");
    assertThat(Gauge.builder().namespace("ns").name("g").build().name()).isEqualTo("ns_g");
    assertThat(Gauge.builder().subsystem("sub").name("g").build().name()).isEqualTo("sub_g");
  }

  @Test
  void name_counterTotalSuffix_isStrippedFromFamilyButSampleHasIt() {
    Counter c = Counter.builder().name("cc_total").register(registry);
    c.inc();
    assertThat(c.name()).isEqualTo("cc");
    assertThat(family(c).name()).isEqualTo("cc");
    assertThat(registry.getSampleValue("cc_total")).isEqualTo(1.0);
  }

  @Test
  void name_unitIsAppendedUnlessAlreadySuffix() {
    assertThat(Gauge.builder().name("size").unit("bytes").build().name()).isEqualTo("size_bytes");
    assertThat(Gauge.builder().name("size_bytes").unit("bytes").build().name())
        .isEqualTo("size_bytes");
    MetricFamily f = family(Gauge.builder().name("size").unit("bytes").build());
    assertThat(f.unit()).isEqualTo("bytes");
    assertThat(f.name()).isEqualTo("size_bytes");
  }

  @Test
  void name_counterWithUnitTotal_familyKeepsTotalAndSampleDoublesIt() {
    Counter c = Counter.builder().name("requests").unit("total").register(registry);
    c.inc();
    assertThat(family(c).name()).isEqualTo("requests_total");
    assertThat(registry.getSampleValue("requests_total_total")).isEqualTo(1.0);

    Counter b = Counter.builder().name("b_total").unit("total").build();
    assertThat(family(b).name()).isEqualTo("b_total");
    assertThat(family(b).sampleNames()).contains("b_total_total");
  }

  @Test
  void build_infoWithUnit_throwsIllegalArgumentNamingFullName() {
    assertThatThrownBy(() -> Info.builder().name("i").unit("seconds").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot have a unit")
        .hasMessageContaining("i_seconds");
  }

  @Test
  void build_stateSetWithUnit_throwsIllegalArgumentNamingFullName() {
    assertThatThrownBy(() -> StateSet.builder().name("s").unit("bytes").states("a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot have a unit")
        .hasMessageContaining("s_bytes");
  }

  // ---- label names

  @Test
  void build_emptyLabelName_throwsIllegalArgument() {
    assertThatThrownBy(() -> Counter.builder().name("c").labelNames("a", "").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label name must not be empty");
  }

  @Test
  void build_labelNameWithUnpairedSurrogate_throwsIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> Counter.builder().name("c").labelNames(UNPAIRED).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label name must be valid Unicode")
        .hasMessageContaining("a\\uD800b");
  }

  @Test
  void build_labelNameWithDoubleUnderscorePrefix_throwsIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> Gauge.builder().name("g").labelNames("__x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not start with __")
        .hasMessageContaining("__x");
  }

  @Test
  void build_duplicateLabelNames_throwsIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> Gauge.builder().name("g").labelNames("a", "b", "a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate label name: a");
  }

  @Test
  void build_leOnHistogram_throwsIllegalArgument() {
    assertThatThrownBy(() -> Histogram.builder().name("h").labelNames("le").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label name le is reserved");
  }

  @Test
  void build_quantileOnSummary_throwsIllegalArgument() {
    assertThatThrownBy(() -> Summary.builder().name("s").labelNames("quantile").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label name quantile is reserved");
  }

  @Test
  void build_leAndQuantileOnOtherTypes_areAccepted() {
    assertThat(Counter.builder().name("c").labelNames("le", "quantile").build().labelNames())
        .containsExactly("le", "quantile");
    assertThat(Histogram.builder().name("h").labelNames("quantile").build().labelNames())
        .containsExactly("quantile");
    assertThat(Summary.builder().name("s").labelNames("le").build().labelNames())
        .containsExactly("le");
  }

  @Test
  void build_stateSetLabelNamedLikeMetric_throwsIllegalArgumentNamingIt() {
    assertThatThrownBy(
            () ->
                StateSet.builder()
                    .namespace("app")
                    .name("state")
                    .labelNames("app_state")
                    .states("a")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("app_state");
  }

  @Test
  void builder_nullSetting_throwsNullPointerNamingIt() {
    assertThatThrownBy(() -> Counter.builder().name(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> Counter.builder().labelNames("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("labelNames[1]");
    assertThatThrownBy(() -> Counter.builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock");
  }

  @Test
  void builder_labelNamesArray_isCopied() {
    String[] names = {"a"};
    Counter.Builder b = Counter.builder().name("c").labelNames(names);
    names[0] = "__bad";
    assertThat(b.build().labelNames()).containsExactly("a");
  }

  // ---- labels

  @Test
  void labels_sameValues_returnSameChildFromEveryOverload() {
    Counter one = Counter.builder().name("one").labelNames("a").build();
    assertThat(one.labels("x")).isSameAs(one.labels("x")).isSameAs(one.labels(new String[] {"x"}));

    Counter two = Counter.builder().name("two").labelNames("a", "b").build();
    Counter.Child c2 = two.labels(new String[] {"x", "y"});
    assertThat(two.labels("x", "y")).isSameAs(c2);
    assertThat(two.labels("y", "x")).isNotSameAs(c2);

    Counter three = Counter.builder().name("three").labelNames("a", "b", "c").build();
    Counter.Child c3 = three.labels("x", "y", "z");
    assertThat(three.labels(new String[] {"x", "y", "z"})).isSameAs(c3);

    Counter four = Counter.builder().name("four").labelNames("a", "b", "c", "d").build();
    assertThat(four.labels("1", "2", "3", "4")).isSameAs(four.labels("1", "2", "3", "4"));
  }

  @Test
  void labels_childCarriesLabelsByName() {
    Counter c = Counter.builder().name("c").labelNames("method", "code").build();
    assertThat(c.labels("GET", "200").labels().asMap())
        .containsExactly(Map.entry("code", "200"), Map.entry("method", "GET"));
  }

  @Test
  void labels_wrongCount_throwsIllegalArgumentNamingNamesAndValues() {
    Counter c = Counter.builder().name("c").labelNames("method", "code").build();
    assertThatThrownBy(() -> c.labels("GET"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[method, code]")
        .hasMessageContaining("[GET]");
    assertThatThrownBy(() -> c.labels("GET", "200", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[method, code]")
        .hasMessageContaining("[GET, 200, x]");
    assertThatThrownBy(() -> c.labels("a", "b", "c", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a, b, c, d]");
    assertThatThrownBy(() -> c.labels())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[method, code]");
  }

  @Test
  void labels_onUnlabelledMetric_throwsIllegalArgument() {
    Counter c = Counter.builder().name("plain").build();
    assertThatThrownBy(() -> c.labels("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter plain has no label names")
        .hasMessageContaining("[x]");
    assertThatThrownBy(() -> c.labels())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no label names");
  }

  @Test
  void labels_nullValue_throwsNullPointerNamingLabel() {
    Counter c = Counter.builder().name("c").labelNames("method", "code").build();
    assertThatThrownBy(() -> c.labels("GET", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("'code'");
    assertThatThrownBy(() -> c.labels(new String[] {null, "200"}))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("'method'");
  }

  @Test
  void update_labelledMetricWithoutLabels_throwsIllegalStateNamingMetricAndLabels() {
    Counter c = Counter.builder().name("requests").labelNames("method", "code").build();
    assertThatThrownBy(c::inc)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("requests")
        .hasMessageContaining("[method, code]");
    Gauge g = Gauge.builder().name("g").labelNames("a").build();
    assertThatThrownBy(() -> g.set(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gauge g");
    Histogram h = Histogram.builder().name("h").labelNames("a").build();
    assertThatThrownBy(() -> h.observe(1)).isInstanceOf(IllegalStateException.class);
    Summary s = Summary.builder().name("s").labelNames("a").build();
    assertThatThrownBy(s::startTimer).isInstanceOf(IllegalStateException.class);
    Info i = Info.builder().name("i").labelNames("a").build();
    assertThatThrownBy(() -> i.info(Map.of())).isInstanceOf(IllegalStateException.class);
    StateSet st = StateSet.builder().name("st").labelNames("a").states("x").build();
    assertThatThrownBy(() -> st.state("x")).isInstanceOf(IllegalStateException.class);
  }

  // ---- exposure, remove, clear

  @Test
  void collect_labelledMetricWithoutChildren_hasFamilyWithoutPoints() {
    Counter c = Counter.builder().name("c").help("Help.").labelNames("a").build();
    MetricFamily f = family(c);
    assertThat(f.name()).isEqualTo("c");
    assertThat(f.help()).isEqualTo("Help.");
    assertThat(f.type()).isEqualTo(MetricType.COUNTER);
    assertThat(f.points()).isEmpty();
  }

  @Test
  void collect_unlabelledMetric_exposesItsChildFromTheStart() {
    Counter c = Counter.builder().name("c").build();
    assertThat(family(c).points()).hasSize(1);
    assertThat(family(c).samples())
        .extracting(s -> s.name() + "=" + s.value())
        .contains("c_total=0.0");
  }

  @Test
  void collect_childrenInCreationOrder() {
    Gauge g = Gauge.builder().name("g").labelNames("k").build();
    g.labels("b");
    g.labels("a");
    g.labels("c");
    g.labels("a");
    assertThat(labelValues(family(g), "k")).containsExactly("b", "a", "c");
  }

  @Test
  void remove_dropsOnlyThatChild_andLabelsCreatesAFreshOne() {
    Counter c = Counter.builder().name("c").labelNames("k").register(registry);
    Counter.Child a = c.labels("a");
    a.inc(5);
    c.labels("b").inc();
    c.remove("a");
    assertThat(labelValues(family(c), "k")).containsExactly("b");
    assertThat(registry.getSampleValue("c_total", Map.of("k", "a"))).isNull();
    Counter.Child again = c.labels("a");
    assertThat(again).isNotSameAs(a);
    assertThat(registry.getSampleValue("c_total", Map.of("k", "a"))).isEqualTo(0.0);
    assertThat(labelValues(family(c), "k")).containsExactly("b", "a");
  }

  @Test
  void remove_absentChild_doesNothing() {
    Counter c = Counter.builder().name("c").labelNames("k").build();
    c.labels("a");
    c.remove("zzz");
    assertThat(labelValues(family(c), "k")).containsExactly("a");
  }

  @Test
  void remove_wrongCountOrUnlabelled_throwsIllegalArgument() {
    Counter c = Counter.builder().name("c").labelNames("k").build();
    assertThatThrownBy(() -> c.remove("a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[k]");
    Counter plain = Counter.builder().name("plain").build();
    assertThatThrownBy(() -> plain.remove("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no label names");
  }

  @Test
  void clear_removesEveryChild() {
    Counter c = Counter.builder().name("c").labelNames("k").build();
    c.labels("a");
    c.labels("b");
    c.clear();
    assertThat(family(c).points()).isEmpty();
    c.labels("c");
    assertThat(labelValues(family(c), "k")).containsExactly("c");
  }

  @Test
  void clear_unlabelledMetric_throwsIllegalState() {
    Counter c = Counter.builder().name("plain").build();
    assertThatThrownBy(c::clear)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("counter plain");
  }

  @Test
  void describe_hasNameTypeAndUnitWithoutPoints() {
    Counter c = Counter.builder().name("c").unit("bytes").build();
    c.inc();
    MetricFamily d = c.describe().get(0);
    assertThat(d.name()).isEqualTo("c_bytes");
    assertThat(d.type()).isEqualTo(MetricType.COUNTER);
    assertThat(d.unit()).isEqualTo("bytes");
    assertThat(d.points()).isEmpty();
  }

  @Test
  void build_doesNotRegister_registerDoes() {
    Counter built = Counter.builder().name("c").build();
    assertThat(registry.collect()).isEmpty();
    registry.register(built);
    assertThat(registry.collect()).hasSize(1);
  }

  @Test
  void toString_namesTypeNameAndLabels() {
    assertThat(Counter.builder().name("c").labelNames("a", "b").build())
        .hasToString("counter c[a, b]");
  }

  @Test
  void labels_namesOutOfOrder_everyArityFindsTheSameChildWithSortedLabels() {
    Counter two = Counter.builder().name("two").labelNames("z", "a").register(registry);
    Counter.Child c2 = two.labels("1", "2");
    assertThat(two.labels("1", "2")).isSameAs(c2).isSameAs(two.labels(new String[] {"1", "2"}));
    assertThat(two.labels("2", "1")).isNotSameAs(c2);
    assertThat(c2.labels().asMap()).containsExactly(Map.entry("a", "2"), Map.entry("z", "1"));

    Gauge three = Gauge.builder().name("three").labelNames("m", "z", "a").register(registry);
    Gauge.Child g3 = three.labels("1", "2", "3");
    assertThat(three.labels("1", "2", "3")).isSameAs(g3);
    assertThat(three.labels(new String[] {"1", "2", "3"})).isSameAs(g3);
    assertThat(g3.labels().toString()).isEqualTo("{a=\"3\", m=\"1\", z=\"2\"}");

    Counter four = Counter.builder().name("four").labelNames("d", "c", "b", "a").register(registry);
    String[] values = {"4", "3", "2", "1"};
    Counter.Child c4 = four.labels(values);
    values[0] = "changed"; // the caller's array is not kept
    assertThat(four.labels("4", "3", "2", "1")).isSameAs(c4);
    assertThat(c4.labels().value(0)).isEqualTo("1");
    assertThat(c4.labels().value(3)).isEqualTo("4");
    four.remove("4", "3", "2", "1");
    assertThat(family(four).points()).isEmpty();
  }
}
