package io.prom4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.Labels;
import org.junit.jupiter.api.Test;

class LabelsCacheTest {

  private static final LabelsCache.Access IMPOSTOR =
      new LabelsCache.Access() {
        @Override
        public Object get(Labels labels) {
          return null;
        }

        @Override
        public void set(Labels labels, Object value) {}
      };

  @Test
  void setAccess_secondCall_throwsIllegalStateAndKeepsTheFirst() {
    LabelsCache.Access registered = LabelsCache.access(); // Labels has set it

    assertThatThrownBy(() -> LabelsCache.setAccess(IMPOSTOR))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("access is set already");
    assertThat(LabelsCache.access()).isSameAs(registered).isNotSameAs(IMPOSTOR);
  }

  @Test
  void setAccess_null_throwsNullPointer() {
    assertThatThrownBy(() -> LabelsCache.setAccess(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("access");
  }
}
