package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapingSchemeTest {

  @Test
  void fromHeaderValue_knownValues_ignoringAsciiCaseAndSurroundingSpace() {
    assertThat(EscapingScheme.fromHeaderValue("allow-utf-8")).isEqualTo(EscapingScheme.ALLOW_UTF8);
    assertThat(EscapingScheme.fromHeaderValue(" Underscores "))
        .isEqualTo(EscapingScheme.UNDERSCORES);
    assertThat(EscapingScheme.fromHeaderValue("DOTS")).isEqualTo(EscapingScheme.DOTS);
    assertThat(EscapingScheme.fromHeaderValue("values")).isEqualTo(EscapingScheme.VALUES);
    for (EscapingScheme s : EscapingScheme.values()) {
      assertThat(EscapingScheme.fromHeaderValue(s.headerValue())).isEqualTo(s);
    }
  }

  @Test
  void fromHeaderValue_unknownOrNull_isNull() {
    assertThat(EscapingScheme.fromHeaderValue("bogus")).isNull();
    assertThat(EscapingScheme.fromHeaderValue("")).isNull();
    assertThat(EscapingScheme.fromHeaderValue("dots;")).isNull();
    assertThat(EscapingScheme.fromHeaderValue(null)).isNull();
  }
}
