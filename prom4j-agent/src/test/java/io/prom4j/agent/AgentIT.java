package io.prom4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.agent.apps.AppWithMetrics;
import io.prom4j.agent.apps.ChildFirstApp;
import io.prom4j.agent.apps.MainReturns;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in child JVMs over plain HTTP: what it serves, which copy of prom4j an application
 * sees, and that the JVM still exits when {@code main} returns.
 */
class AgentIT {

  @TempDir Path dir;

  @Test
  void appBundlingProm4j_registersInTheDefaultRegistry_agentServesItsMetrics() throws Exception {
    Path portFile = dir.resolve("port");
    Path ready = dir.resolve("ready");
    try (ChildJvm child =
        ChildJvm.start(
            dir,
            "127.0.0.1:0,port_file=" + portFile,
            List.of(ChildJvm.TEST_CLASSES, ChildJvm.LIBRARY_JAR),
            AppWithMetrics.class.getName(),
            ready.toString())) {
      int port = child.awaitPort(portFile);
      String origin = child.awaitFile(ready);

      HttpResponse<String> scrape = Scrapes.http(port);

      // -cp app:prom4j.jar, agent appended to the class path: one copy, the application's jar
      Path libraryJar = ChildJvm.LIBRARY_JAR;
      assertThat(origin).isEqualTo("counter=" + libraryJar + "\nserver=" + libraryJar + "\n");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("# TYPE app_jobs_total counter\n")
          .contains("app_jobs_total 3.0\n")
          .contains("jvm_threads_current ")
          .contains("process_cpu_seconds_total ");
      child.finish();
      assertThat(child.awaitExit()).isZero();
      assertThat(child.stderr()).isEmpty();
    }
  }

  @Test
  void appWithoutItsOwnProm4j_usesTheAgentsCopy() throws Exception {
    Path portFile = dir.resolve("port");
    Path ready = dir.resolve("ready");
    try (ChildJvm child =
        ChildJvm.start(
            dir,
            "127.0.0.1:0,port_file=" + portFile,
            List.of(ChildJvm.TEST_CLASSES),
            AppWithMetrics.class.getName(),
            ready.toString())) {
      int port = child.awaitPort(portFile);
      String origin = child.awaitFile(ready);

      String body = Scrapes.http(port).body();

      Path agentJar = ChildJvm.AGENT_JAR;
      assertThat(origin).isEqualTo("counter=" + agentJar + "\nserver=" + agentJar + "\n");
      assertThat(body).contains("app_jobs_total 3.0\n");
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }

  @Test
  void childFirstClassLoader_hasItsOwnDefaultRegistry_agentServesOnlyTheJvmWide() throws Exception {
    Path portFile = dir.resolve("port");
    Path ready = dir.resolve("ready");
    try (ChildJvm child =
        ChildJvm.start(
            dir,
            "127.0.0.1:0,port_file=" + portFile,
            List.of(ChildJvm.TEST_CLASSES),
            ChildFirstApp.class.getName(),
            ready.toString(),
            ChildJvm.LIBRARY_JAR.toString())) {
      int port = child.awaitPort(portFile);
      String origin = child.awaitFile(ready);

      String body = Scrapes.http(port).body();

      // two copies: the "web application" registered in its own default registry
      assertThat(origin).startsWith("counter=" + ChildJvm.LIBRARY_JAR + "\n");
      assertThat(body).contains("jvm_threads_current ").doesNotContain("app_jobs");
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }

  @Test
  void mainReturns_jvmExitsByItself() throws Exception {
    Path portFile = dir.resolve("port");
    try (ChildJvm child =
        ChildJvm.start(
            dir,
            "127.0.0.1:0,port_file=" + portFile,
            List.of(ChildJvm.TEST_CLASSES),
            MainReturns.class.getName())) {

      int status = child.awaitExit();

      assertThat(status).isZero();
      assertThat(child.stdout()).isEqualTo("main ran\n");
      assertThat(child.awaitPort(portFile)).isPositive();
    }
  }

  @Test
  void bracketedIpv6Host_listensThere() throws Exception {
    Path portFile = dir.resolve("port");
    try (ChildJvm child =
        ChildJvm.start(
            dir,
            "[::1]:0,port_file=" + portFile,
            List.of(ChildJvm.TEST_CLASSES),
            AppWithMetrics.class.getName(),
            dir.resolve("ready").toString())) {
      int port = child.awaitPort(portFile);

      HttpResponse<String> scrape = Scrapes.get("http://[::1]:" + port + "/metrics");

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("jvm_threads_current ");
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }

  @Test
  void defaultHost_listensOnAllInterfaces() throws Exception {
    Path portFile = dir.resolve("port");
    try (ChildJvm child =
        ChildJvm.start(
            dir,
            "0,port_file=" + portFile,
            List.of(ChildJvm.TEST_CLASSES),
            AppWithMetrics.class.getName(),
            dir.resolve("ready").toString())) {
      int port = child.awaitPort(portFile);

      assertThat(Scrapes.http(port).statusCode()).isEqualTo(200);
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }
}
