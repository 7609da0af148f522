package io.prom4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.http.MetricsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {

  @TempDir Path dir;

  @Test
  void agentmain_validArgument_startsTheServerAndWritesThePort() throws Exception {
    Path portFile = dir.resolve("port");

    Agent.agentmain("127.0.0.1:0,port_file=" + portFile, null);

    try (MetricsServer server = Agent.server()) {
      assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(Files.readString(portFile)).isEqualTo(server.port() + "\n");
      assertThat(server.thread().isDaemon()).isTrue();
    }
  }

  @Test
  void agentmain_badArgument_throwsInsteadOfEndingTheJvm() {
    assertThatThrownBy(() -> Agent.agentmain("9400,nope=1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prom4j-agent: unknown key 'nope'");
  }
}
