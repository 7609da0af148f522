package io.prom4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentArgumentsTest {

  @TempDir Path dir;

  @Test
  void parse_portOnly_listensOnAllIpv4Interfaces() {
    AgentArguments a = AgentArguments.parse("9400");

    assertThat(a.host).isEqualTo("0.0.0.0");
    assertThat(a.port).isEqualTo(9400);
    assertThat(a.options).isEmpty();
  }

  @Test
  void parse_hostAndPort_keepsTheHost() {
    AgentArguments a = AgentArguments.parse("localhost:0");

    assertThat(a.host).isEqualTo("localhost");
    assertThat(a.port).isZero();
    assertThat(a.hostAndPort()).isEqualTo("localhost:0");
  }

  @Test
  void parse_bracketedIpv6_stripsTheBrackets() {
    AgentArguments a = AgentArguments.parse("[::1]:9400");

    assertThat(a.host).isEqualTo("::1");
    assertThat(a.hostAndPort()).isEqualTo("[::1]:9400");
  }

  @Test
  void parse_options_keepsThemInOrder() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.crt"), "x");
    Path key = Files.writeString(dir.resolve("c.key"), "x");

    AgentArguments a =
        AgentArguments.parse(
            "9400,certfile=" + cert + ",keyfile=" + key + ",client_auth_required=false");

    assertThat(a.options)
        .containsExactly(
            org.assertj.core.api.Assertions.entry("certfile", cert.toString()),
            org.assertj.core.api.Assertions.entry("keyfile", key.toString()),
            org.assertj.core.api.Assertions.entry("client_auth_required", "false"));
  }

  @Test
  void parse_bracketWithoutPort_namesTheForm() {
    assertThatThrownBy(() -> AgentArguments.parse("[::1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "prom4j-agent: address '[::1]': write an IPv6 address as [host]:port, like"
                + " [::1]:9400");
  }

  @Test
  void parse_clientAuthRequiredNotBoolean_namesTheValue() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.crt"), "x");

    assertThatThrownBy(
            () ->
                AgentArguments.parse(
                    "9400,certfile=" + cert + ",keyfile=" + cert + ",client_auth_required=yes"))
        .hasMessage("prom4j-agent: client_auth_required must be true or false: 'yes'");
  }

  @Test
  void parse_capathNotADirectory_saysSo() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.crt"), "x");

    assertThatThrownBy(
            () ->
                AgentArguments.parse(
                    "9400,certfile=" + cert + ",keyfile=" + cert + ",client_capath=" + cert))
        .hasMessage("prom4j-agent: client_capath=" + cert + ": not a directory");
  }

  @Test
  void parse_emptyPasswordFile_isRefusedWhenApplied() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.crt"), "x");
    Path pass = Files.writeString(dir.resolve("k.pass"), "\n");
    AgentArguments a =
        AgentArguments.parse(
            "9400,certfile=" + cert + ",keyfile=" + cert + ",key_password_file=" + pass);

    assertThatThrownBy(a::builder)
        .hasMessage(
            "prom4j-agent: key_password_file=" + pass + ": the first line (the password) is empty");
  }

  @Test
  void parse_portFileInMissingDirectory_saysSo() {
    Path file = dir.resolve("no/such/dir/port");

    assertThatThrownBy(() -> AgentArguments.parse("0,port_file=" + file))
        .hasMessage("prom4j-agent: port_file=" + file + ": its directory does not exist");
  }
}
