package io.prom4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.model.Labels;
import org.junit.jupiter.api.Test;

class TrustedLabelsTest {

  @Test
  void factory_createsLabelsOfTheGivenSortedArrays() {
    Labels l = TrustedLabels.factory().create(new String[] {"a", "b"}, new String[] {"1", "2"});

    assertThat(l).isEqualTo(Labels.of("b", "2", "a", "1"));
  }

  @Test
  void setFactory_secondCall_throwsIllegalStateAndKeepsTheFirst() {
    TrustedLabels.Factory registered = TrustedLabels.factory(); // Labels has set it
    TrustedLabels.Factory impostor = (names, values) -> Labels.EMPTY;

    assertThatThrownBy(() -> TrustedLabels.setFactory(impostor))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("factory is set already");
    assertThat(TrustedLabels.factory()).isSameAs(registered).isNotSameAs(impostor);
  }

  @Test
  void setFactory_null_throwsNullPointer() {
    assertThatThrownBy(() -> TrustedLabels.setFactory(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("factory");
  }
}
