package io.prom4j.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void parse_noArguments_givesPort8000OnAllIpv4Interfaces() {
    assertThat(DemoOptions.parse()).isEqualTo(new DemoOptions("0.0.0.0", 8000, false));
  }

  @Test
  void parse_acceptsSeparateAndInlineValues() {
    assertThat(DemoOptions.parse("--address", "::", "--port", "0"))
        .isEqualTo(new DemoOptions("::", 0, false));
    assertThat(DemoOptions.parse("--address=127.0.0.1", "--port=9100", "--help"))
        .isEqualTo(new DemoOptions("127.0.0.1", 9100, true));
  }

  @Test
  void parse_badArguments_throwNamingTheArgument() {
    assertThatThrownBy(() -> DemoOptions.parse("--port", "http"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--port must be a number in 0..65535: http");
    assertThatThrownBy(() -> DemoOptions.parse("--port", "70000"))
        .hasMessage("--port must be a number in 0..65535: 70000");
    assertThatThrownBy(() -> DemoOptions.parse("--address"))
        .hasMessage("--address needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--verbose"))
        .hasMessage("unknown argument: --verbose");
  }

  @Test
  void usage_namesEveryFlag() {
    assertThat(DemoOptions.USAGE).contains("--address").contains("--port").contains("--help");
  }
}
