package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CollectorRegistryTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  private static Supplier<Collector> gauge(String name) {
    return () -> Gauge.builder().name(name).build();
  }

  private void assertClash(Collector first, Collector second, String duplicates) {
    registry.register(first);
    assertThatThrownBy(() -> registry.register(second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicated timeseries in CollectorRegistry: " + duplicates);
    assertThat(registry.collect()).hasSize(1);
  }

  @Test
  void register_counterThenGaugeNamedLikeItsTotalSample_throws() {
    assertClash(Counter.builder().name("c").build(), gauge("c_total").get(), "[c_total]");
  }

  @Test
  void register_counterThenGaugeNamedLikeItsCreatedSample_throws() {
    assertClash(Counter.builder().name("c").build(), gauge("c_created").get(), "[c_created]");
  }

  @Test
  void register_histogramThenGaugeOfAnyReservedName_throws() {
    for (String name : List.of("h", "h_bucket", "h_sum", "h_count", "h_created")) {
      CollectorRegistry r = new CollectorRegistry();
      r.register(Histogram.builder().name("h").build());
      assertThatThrownBy(() -> r.register(gauge(name).get()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Duplicated timeseries in CollectorRegistry: [" + name + "]");
    }
  }

  @Test
  void register_histogramThenSummaryOfSameName_throws() {
    assertClash(
        Histogram.builder().name("h").build(),
        Summary.builder().name("h").build(),
        "[h, h_count, h_created, h_sum]");
  }

  @Test
  void register_infoThenGaugeNamedLikeItsSample_throws() {
    assertClash(Info.builder().name("i").build(), gauge("i_info").get(), "[i_info]");
  }

  @Test
  void register_gaugeTwiceByName_throws() {
    assertClash(gauge("g").get(), gauge("g").get(), "[g]");
  }

  @Test
  void register_metricBuilderRegister_throwsOnClash() {
    Counter.builder().name("c").register(registry);
    assertThatThrownBy(() -> Gauge.builder().name("c_total").register(registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicated timeseries in CollectorRegistry: [c_total]");
  }

  @Test
  void register_sameCollectorTwice_throws() {
    Collector c = gauge("g").get();
    registry.register(c);
    assertThatThrownBy(() -> registry.register(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    Collector nameless = List::of;
    registry.register(nameless);
    assertThatThrownBy(() -> registry.register(nameless))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
  }

  @Test
  void register_distinctNames_areAccepted() {
    registry.register(Counter.builder().name("c").build());
    registry.register(gauge("c_other").get());
    registry.register(Histogram.builder().name("c_hist").build());
    assertThat(registry.collect())
        .extracting(MetricFamily::name)
        .containsExactly("c", "c_other", "c_hist");
  }

  @Test
  void unregister_freesNames_soTheyCanBeRegisteredAgain() {
    Counter c = Counter.builder().name("c").register(registry);
    registry.unregister(c);
    assertThat(registry.collect()).isEmpty();
    Gauge g = Gauge.builder().name("c_total").register(registry);
    registry.unregister(g);
    registry.register(c);
    assertThat(registry.collect()).extracting(MetricFamily::name).containsExactly("c");
  }

  @Test
  void unregister_unknownCollector_doesNothing() {
    registry.register(gauge("g").get());
    registry.unregister(gauge("g").get());
    assertThat(registry.collect()).hasSize(1);
  }

  @Test
  void collect_isInRegistrationOrder() {
    registry.register(gauge("b").get());
    registry.register(gauge("a").get());
    Collector c = gauge("c").get();
    registry.register(c);
    registry.register(gauge("d").get());
    registry.unregister(c);
    assertThat(registry.collect()).extracting(MetricFamily::name).containsExactly("b", "a", "d");
  }

  @Test
  void collectNames_keepsWholeFamiliesMatchingNameOrSampleName() {
    registry.register(Counter.builder().name("c").build());
    registry.register(Histogram.builder().name("h").build());
    registry.register(gauge("g").get());
    assertThat(registry.collect(Set.of("c_total")))
        .extracting(MetricFamily::name)
        .containsExactly("c");
    assertThat(registry.collect(Set.of("h_bucket", "g")))
        .extracting(MetricFamily::name)
        .containsExactly("h", "g");
    assertThat(registry.collect(Set.of("h"))).extracting(MetricFamily::name).containsExactly("h");
    assertThat(registry.collect(Set.of("nothing"))).isEmpty();
    assertThat(registry.collect(Set.of())).hasSize(3);
    assertThat(registry.collect(Set.of("h_count")).get(0).samples())
        .extracting(s -> s.name())
        .contains("h_bucket", "h_sum", "h_count", "h_created");
  }

  @Test
  void collectNames_skipsCollectorsWhoseNamesCannotMatch() {
    AtomicInteger calls = new AtomicInteger();
    MetricFamily family =
        new MetricFamily(
            "x", "", MetricType.GAUGE, "", List.of(GaugeDataPoint.of(Labels.EMPTY, 1)));
    Collector counting =
        new Collector() {
          @Override
          public List<MetricFamily> collect() {
            calls.incrementAndGet();
            return List.of(family);
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of(new MetricFamily("x", "", MetricType.GAUGE, "", List.of()));
          }
        };
    registry.register(counting);
    registry.register(gauge("g").get());
    assertThat(registry.collect(Set.of("g"))).extracting(MetricFamily::name).containsExactly("g");
    assertThat(calls).hasValue(0);
    assertThat(registry.collect(Set.of("x"))).containsExactly(family);
    assertThat(calls).hasValue(1);
  }

  @Test
  void collectNames_collectorWithoutDescribedNames_isCollectedAndFiltered() {
    Collector undescribed =
        new Collector() {
          @Override
          public List<MetricFamily> collect() {
            return List.of(
                new MetricFamily("a", "", MetricType.GAUGE, "", List.of()),
                new MetricFamily("b", "", MetricType.GAUGE, "", List.of()));
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of();
          }
        };
    registry.register(undescribed);
    assertThat(registry.collect(Set.of("b"))).extracting(MetricFamily::name).containsExactly("b");
  }

  @Test
  void register_customCollector_reservesNamesFromCollect() {
    Collector custom =
        () ->
            List.of(
                new MetricFamily(
                    "queue_size",
                    "Items queued.",
                    MetricType.GAUGE,
                    "",
                    List.of(GaugeDataPoint.of(Labels.EMPTY, 3))));
    registry.register(custom);
    assertThat(registry.getSampleValue("queue_size")).isEqualTo(3.0);
    assertThatThrownBy(() -> registry.register(gauge("queue_size").get()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicated timeseries in CollectorRegistry: [queue_size]");
  }

  @Test
  void getSampleValue_matchesNameAndExactLabels() {
    Counter c = Counter.builder().name("requests").labelNames("method", "code").register(registry);
    c.labels("GET", "200").inc(3);
    assertThat(registry.getSampleValue("requests_total", Map.of("method", "GET", "code", "200")))
        .isEqualTo(3.0);
    assertThat(registry.getSampleValue("requests_total", Map.of("method", "GET"))).isNull();
    assertThat(
            registry.getSampleValue(
                "requests_total", Map.of("method", "GET", "code", "200", "x", "y")))
        .isNull();
    assertThat(registry.getSampleValue("requests_total")).isNull();
    assertThat(registry.getSampleValue("requests", Map.of("method", "GET", "code", "200")))
        .isNull();
    assertThat(registry.getSampleValue("missing_total")).isNull();
  }

  @Test
  void defaultRegistry_isTheSharedInstance() {
    assertThat(CollectorRegistry.defaultRegistry())
        .isSameAs(CollectorRegistry.defaultRegistry())
        .isSameAs(DefaultRegistry.INSTANCE);
  }

  @Test
  void nulls_throwNullPointer() {
    assertThatThrownBy(() -> registry.register(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.collect(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> registry.getSampleValue(null))
        .isInstanceOf(NullPointerException.class);
  }
}
