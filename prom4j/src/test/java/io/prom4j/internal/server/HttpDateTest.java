package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class HttpDateTest {

  @Test
  void now_isAnImfFixdateOfTheCurrentTime() {
    String date = HttpDate.now();

    assertThat(date)
        .matches(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} "
                + "\\d{2}:\\d{2}:\\d{2} GMT");
    ZonedDateTime parsed = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
    assertThat(Math.abs(parsed.toEpochSecond() - System.currentTimeMillis() / 1000))
        .isLessThanOrEqualTo(2);
  }
}
