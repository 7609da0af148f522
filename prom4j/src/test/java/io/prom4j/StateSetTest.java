package io.prom4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.MetricType;
import io.prom4j.model.StateSetDataPoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateSetTest {

  private final CollectorRegistry registry = new CollectorRegistry();

  private Double state(String metric, String state) {
    return registry.getSampleValue(metric, Map.of(metric, state));
  }

  @Test
  void initialState_isTheFirst() {
    StateSet s =
        StateSet.builder().name("st").states("starting", "running", "stopped").register(registry);
    assertThat(state("st", "starting")).isEqualTo(1.0);
    assertThat(state("st", "running")).isEqualTo(0.0);
    assertThat(state("st", "stopped")).isEqualTo(0.0);
    assertThat(s.states()).containsExactly("starting", "running", "stopped");
    assertThat(s.collect().get(0).type()).isEqualTo(MetricType.STATESET);
  }

  @Test
  void state_switchesTheEnabledState() {
    StateSet s =
        StateSet.builder().name("st").states("starting", "running", "stopped").register(registry);
    s.state("running");
    assertThat(state("st", "starting")).isEqualTo(0.0);
    assertThat(state("st", "running")).isEqualTo(1.0);
    StateSetDataPoint p = (StateSetDataPoint) s.collect().get(0).points().get(0);
    assertThat(p.stateCount()).isEqualTo(3);
    assertThat(p.state(1)).isEqualTo("running");
    assertThat(p.enabled(1)).isTrue();
    s.state("stopped");
    assertThat(p.enabled(1)).as("a collected point is a snapshot").isTrue();
    assertThat(state("st", "stopped")).isEqualTo(1.0);
  }

  @Test
  void state_unknown_throwsIllegalArgumentNamingStateAndAllowed() {
    StateSet s = StateSet.builder().name("st").states("a", "b").build();
    assertThatThrownBy(() -> s.state("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(": x")
        .hasMessageContaining("[a, b]");
  }

  @Test
  void build_withoutStates_throwsIllegalArgument() {
    assertThatThrownBy(() -> StateSet.builder().name("st").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stateset st needs at least one state");
    assertThatThrownBy(() -> StateSet.builder().name("st").states().build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_duplicateStates_throwsIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> StateSet.builder().name("st").states("a", "b", "a").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate state")
        .hasMessageContaining(": a");
  }

  @Test
  void labelledChildren_haveOwnStates() {
    StateSet s =
        StateSet.builder().name("st").labelNames("job").states("up", "down").register(registry);
    s.labels("a").state("down");
    s.labels("b");
    assertThat(registry.getSampleValue("st", Map.of("job", "a", "st", "down"))).isEqualTo(1.0);
    assertThat(registry.getSampleValue("st", Map.of("job", "b", "st", "up"))).isEqualTo(1.0);
    assertThat(s.labels("a").state()).isEqualTo("down");
  }
}
