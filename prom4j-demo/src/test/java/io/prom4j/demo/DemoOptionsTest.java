package io.prom4j.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
    assertThatThrownBy(() -> DemoOptions.parse("--address")).hasMessage("--address needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--verbose"))
        .hasMessage("unknown argument: --verbose");
  }

  @Test
  void parse_noTlsFlag_isPlainHttp() {
    DemoOptions options = DemoOptions.parse("--port", "0");

    assertThat(options.tls()).isEqualTo(DemoOptions.Tls.NONE);
    assertThat(options.tls().https()).isFalse();
  }

  @Test
  void parse_everyTlsFlag_separateAndInlineValues() {
    DemoOptions options =
        DemoOptions.parse(
            "--certfile",
            "server.crt",
            "--keyfile=server.key",
            "--key-password-file",
            "pass.txt",
            "--client-auth-required",
            "--client-cafile=ca.crt",
            "--client-capath",
            "cas",
            "--tls-min-version",
            "TLSv1.3",
            "--tls-max-version=TLSv1.3");

    assertThat(options.tls())
        .isEqualTo(
            new DemoOptions.Tls(
                Path.of("server.crt"),
                Path.of("server.key"),
                Path.of("pass.txt"),
                true,
                Path.of("ca.crt"),
                Path.of("cas"),
                "TLSv1.3",
                "TLSv1.3"));
    assertThat(options.tls().https()).isTrue();
    assertThat(options.address()).isEqualTo("0.0.0.0");
    assertThat(options.port()).isEqualTo(8000);
  }

  @Test
  void parse_onlyCertfile_isKeptForTheServerToRefuse() {
    DemoOptions.Tls tls = DemoOptions.parse("--certfile", "server.crt").tls();

    assertThat(tls.certFile()).isEqualTo(Path.of("server.crt"));
    assertThat(tls.keyFile()).isNull();
    assertThat(tls.https()).isFalse();
  }

  @Test
  void parse_badTlsArguments_throwNamingTheFlag() {
    assertThatThrownBy(() -> DemoOptions.parse("--tls-min-version", "1.2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--tls-min-version: tlsMinVersion must be one of TLSv1.2, TLSv1.3: 1.2");
    assertThatThrownBy(() -> DemoOptions.parse("--tls-max-version=TLSv1.4"))
        .hasMessage("--tls-max-version: tlsMaxVersion must be one of TLSv1.2, TLSv1.3: TLSv1.4");
    assertThatThrownBy(() -> DemoOptions.parse("--certfile"))
        .hasMessage("--certfile needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--keyfile="))
        .hasMessage("--keyfile needs a file name, not an empty string");
    assertThatThrownBy(() -> DemoOptions.parse("--client-auth-required=yes"))
        .hasMessage("--client-auth-required takes no value: --client-auth-required=yes");
  }

  @Test
  void usage_namesEveryFlag() {
    assertThat(DemoOptions.USAGE)
        .contains("--address")
        .contains("--port")
        .contains("--help")
        .contains("--certfile FILE")
        .contains("--keyfile FILE")
        .contains("--key-password-file FILE")
        .contains("--client-auth-required")
        .contains("--client-cafile FILE")
        .contains("--client-capath DIR")
        .contains("--tls-min-version VERSION")
        .contains("--tls-max-version VERSION");
  }
}
