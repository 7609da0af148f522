package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

  @Test
  void nameFilter_noQuery_isEmpty() {
    assertThat(QueryParameters.nameFilter(null)).isEmpty();
    assertThat(QueryParameters.nameFilter("")).isEmpty();
    assertThat(QueryParameters.nameFilter("debug=1&x")).isEmpty();
  }

  @Test
  void nameFilter_collectsRepeatedValuesInOrder_droppingEmptyOnes() {
    assertThat(QueryParameters.nameFilter("name[]=b&x=1&name[]=a&name[]=&name[]=b"))
        .containsExactly("b", "a");
  }

  @Test
  void nameFilter_decodesKeysAndValues_plusIsSpace() {
    assertThat(QueryParameters.nameFilter("name%5B%5D=a%2Eb&name[]=c+d&name[]=%E2%9C%93"))
        .containsExactly("a.b", "c d", "\u2713");
  }

  @Test
  void nameFilter_plainName_isNotTheFilter() {
    assertThat(QueryParameters.nameFilter("name=gg")).isEmpty();
  }

  @Test
  void nameFilter_malformedEscapes_throwWithoutEchoingTheQuery() {
    assertThatThrownBy(() -> QueryParameters.nameFilter("name[]=%zzsecret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad percent-escape at offset 7");
    assertThatThrownBy(() -> QueryParameters.nameFilter("name[]=%4"))
        .hasMessage("bad percent-escape at offset 7");
    assertThatThrownBy(() -> QueryParameters.nameFilter("other=%"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QueryParameters.nameFilter("x%G0=1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nameFilter_escapesThatAreNotUtf8_throw() {
    assertThatThrownBy(() -> QueryParameters.nameFilter("name[]=%C3%28"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percent-escapes that are not UTF-8");
    assertThatThrownBy(() -> QueryParameters.nameFilter("name[]=%FF"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
