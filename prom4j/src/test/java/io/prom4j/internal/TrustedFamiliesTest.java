package io.prom4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.CounterDataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedFamiliesTest {

  private static final List<CounterDataPoint> POINTS =
      List.of(CounterDataPoint.of(Labels.of("a", "b"), 1));

  @Test
  void family_counterNameEndingInTotal_isKeptAsGiven() {
    MetricFamily f = TrustedFamilies.family("b_total", "", MetricType.COUNTER, "total", POINTS);

    assertThat(f.name()).isEqualTo("b_total");
    assertThat(new MetricFamily("b_total", "", MetricType.COUNTER, "", POINTS).name())
        .isEqualTo("b"); // the checked path normalises
  }

  @Test
  void family_points_areTheCallersListNotTheMarker() {
    MetricFamily f = TrustedFamilies.family("c", "", MetricType.COUNTER, "", POINTS);

    assertThat(f.points()).isSameAs(POINTS);
    assertThat(TrustedFamilies.trustedPoints(f.points())).isNull();
  }

  @Test
  void newMetricFamily_customPointsOfTheWrongType_stillThrowIllegalArgument() {
    List<GaugeDataPoint> gauges = List.of(GaugeDataPoint.of(Labels.EMPTY, 1));

    assertThatThrownBy(() -> new MetricFamily("c", "", MetricType.COUNTER, "", gauges))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs CounterDataPoint points");
  }

  @Test
  void checkUnit_infoOrStateSetWithUnit_throwsIllegalArgumentNamingNameAndUnit() {
    assertThatThrownBy(() -> TrustedFamilies.checkUnit(MetricType.INFO, "i_seconds", "seconds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a info metric cannot have a unit: i_seconds (unit seconds)");
    assertThatThrownBy(() -> TrustedFamilies.checkUnit(MetricType.STATESET, "s_bytes", "bytes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a stateset metric cannot have a unit");
    TrustedFamilies.checkUnit(MetricType.GAUGE, "g_bytes", "bytes"); // allowed: no exception
    TrustedFamilies.checkUnit(MetricType.INFO, "i", "");
  }
}
