package io.prom4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.Labels;
import org.junit.jupiter.api.Test;

class SecretsTest {

  private static final Secrets.LabelsAccess IMPOSTOR =
      new Secrets.LabelsAccess() {
        @Override
        public Object cache(Labels labels) {
          return null;
        }

        @Override
        public void setCache(Labels labels, Object value) {}
      };

  @Test
  void setLabelsAccess_secondCall_throwsIllegalStateAndKeepsTheFirst() {
    Secrets.LabelsAccess registered = Secrets.labels(); // Labels has set it

    assertThatThrownBy(() -> Secrets.setLabelsAccess(IMPOSTOR))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("labelsAccess is set already");
    assertThat(Secrets.labels()).isSameAs(registered).isNotSameAs(IMPOSTOR);
  }

  @Test
  void setLabelsAccess_null_throwsNullPointer() {
    assertThatThrownBy(() -> Secrets.setLabelsAccess(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("access");
  }
}
