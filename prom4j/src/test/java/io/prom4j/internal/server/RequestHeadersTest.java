package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  private final RequestHeaders headers =
      RequestHeaders.of(
          "Accept",
          "text/plain",
          "accept-encoding",
          "gzip",
          "ACCEPT",
          "application/json",
          "Connection",
          "Keep-Alive, Upgrade");

  @Test
  void first_isCaseInsensitive() {
    assertThat(headers.first("accept")).isEqualTo("text/plain");
    assertThat(headers.first("Accept-Encoding")).isEqualTo("gzip");
    assertThat(headers.first("Host")).isNull();
  }

  @Test
  void joined_combinesRepeatedFieldsAsOneList() {
    assertThat(headers.joined("Accept")).isEqualTo("text/plain, application/json");
    assertThat(headers.joined("Host")).isNull();
    assertThat(headers.count("accept")).isEqualTo(2);
  }

  @Test
  void hasToken_matchesListElementsCaseInsensitively() {
    assertThat(headers.hasToken("connection", "keep-alive")).isTrue();
    assertThat(headers.hasToken("Connection", "upgrade")).isTrue();
    assertThat(headers.hasToken("Connection", "close")).isFalse();
  }

  @Test
  void from_keepsEveryValueOfAMultiMap() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("Accept", List.of("a", "b"));
    map.put("Host", List.of("h"));

    RequestHeaders h = RequestHeaders.from(map);

    assertThat(h.size()).isEqualTo(3);
    assertThat(h.joined("accept")).isEqualTo("a, b");
  }

  @Test
  void of_oddCount_throws() {
    assertThatThrownBy(() -> RequestHeaders.of("Accept"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("headers need name/value pairs, got an odd count: 1");
  }
}
