package io.prom4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.agent.apps.AppWithMetrics;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in child JVMs over HTTPS and mutual TLS, with certificates made per test. */
class AgentTlsIT {

  @TempDir Path dir;

  private ChildJvm start(String options) throws IOException {
    return ChildJvm.start(
        dir,
        "127.0.0.1:0,port_file=" + dir.resolve("port") + "," + options,
        List.of(ChildJvm.TEST_CLASSES, ChildJvm.LIBRARY_JAR),
        AppWithMetrics.class.getName(),
        dir.resolve("ready").toString());
  }

  @Test
  void certfileAndKeyfile_servesHttps() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);
    try (ChildJvm child = start("certfile=" + tls.certFile() + ",keyfile=" + tls.keyFile())) {
      int port = child.awaitPort(dir.resolve("port"));
      child.awaitFile(dir.resolve("ready"));

      HttpResponse<String> scrape = Scrapes.https(port, tls.trustingClient());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("app_jobs_total 3.0\n");
      assertThatThrownBy(() -> Scrapes.http(port)).isInstanceOf(IOException.class);
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }

  @Test
  void clientAuthRequired_servesClientsWithACertificateOnly() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);
    try (ChildJvm child =
        start(
            "certfile="
                + tls.certFile()
                + ",keyfile="
                + tls.keyFile()
                + ",client_auth_required=true,client_cafile="
                + tls.caFile())) {
      int port = child.awaitPort(dir.resolve("port"));

      HttpResponse<String> identified = Scrapes.https(port, tls.identifiedClient());

      assertThat(identified.statusCode()).isEqualTo(200);
      assertThat(identified.body()).contains("jvm_threads_current ");
      assertThatThrownBy(() -> Scrapes.https(port, tls.trustingClient()))
          .isInstanceOf(IOException.class)
          .hasStackTraceContaining("bad_certificate");
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }

  @Test
  void clientCapathAndTlsVersions_areApplied() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);
    Path cas = Files.createDirectory(dir.resolve("cas"));
    Files.copy(tls.caFile(), cas.resolve("ca.pem"));
    try (ChildJvm child =
        start(
            "certfile="
                + tls.certFile()
                + ",keyfile="
                + tls.keyFile()
                + ",client_auth_required=true,client_capath="
                + cas
                + ",tls_min_version=TLSv1.3,tls_max_version=TLSv1.3")) {
      int port = child.awaitPort(dir.resolve("port"));

      HttpResponse<String> scrape = Scrapes.https(port, tls.identifiedClient());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.sslSession())
          .hasValueSatisfying(session -> assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }

  @Test
  void keyPasswordFile_decryptsAnEncryptedKey() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);
    Path password = Files.writeString(dir.resolve("key.pass"), TlsFiles.KEY_PASSWORD + "\n");
    try (ChildJvm child =
        start(
            "certfile="
                + tls.certFile()
                + ",keyfile="
                + tls.encryptedKeyFile()
                + ",key_password_file="
                + password)) {
      int port = child.awaitPort(dir.resolve("port"));

      assertThat(Scrapes.https(port, tls.trustingClient()).statusCode()).isEqualTo(200);
      child.finish();
      assertThat(child.awaitExit()).isZero();
    }
  }
}
