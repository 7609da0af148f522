package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.prom4j.CollectorRegistry;
import io.prom4j.Gauge;
import io.prom4j.push.PushGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PushGateway} over HTTPS with a client certificate and basic auth, against a real
 * Pushgateway configured through its {@code --web.config.file} (the exporter-toolkit format): TLS
 * with the generated server chain, client certificates required and verified against the client CA,
 * and one basic-auth user whose password is made and bcrypt-hashed at run time.
 */
class PushGatewayTlsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final String USER = "interop";

  @TempDir static Path dir;

  private static TestCertificates certs;
  private static String password;
  private static PushgatewayServer server;

  @BeforeAll
  static void startGateway() throws IOException {
    Tools.require(Tools.Tool.PUSHGATEWAY);
    certs = TestCertificates.generate(dir.resolve("certs"));
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    password = HexFormat.of().formatHex(random);
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    // cost 10: the gateway checks the hash on every request
    String hash = OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, 10);
    Path webConfig =
        Files.writeString(
            dir.resolve("web-config.yml"),
            "tls_server_config:\n"
                + "  cert_file: "
                + certs.serverChain()
                + "\n  key_file: "
                + certs.serverKey()
                + "\n  client_auth_type: RequireAndVerifyClientCert\n"
                + "  client_ca_file: "
                + certs.clientCa()
                + "\nbasic_auth_users:\n  "
                + USER
                + ": '"
                + hash
                + "'\n",
            StandardCharsets.UTF_8);
    server =
        PushgatewayServer.start(
            dir,
            "PushGatewayTlsIT",
            webConfig,
            new PushgatewayServer.Access(
                certs.rootCa(), certs.clientCert(), certs.clientKey(), USER, password));
  }

  @AfterAll
  static void stopGateway() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void push_httpsWithClientCertificateAndBasicAuth_arrivesAndDeleteRemovesIt() throws IOException {
    PushGateway gateway = fullyConfigured().basicAuth(USER, password).build();

    gateway.push(registry(3), "interop_tls", Map.of("instance", "a/b"));

    server.check(
        () ->
            assertThat(server.group(Map.of("job", "interop_tls", "instance", "a/b")).series())
                .containsExactly(Map.entry(SeriesKey.of("interop_tls_value"), 3.0)));

    gateway.delete("interop_tls", Map.of("instance", "a/b"));

    server.check(
        () ->
            Eventually.check(
                DEADLINE,
                () ->
                    assertThat(server.group(Map.of("job", "interop_tls", "instance", "a/b")))
                        .isNull()));
  }

  @Test
  void push_wrongPassword_throwsIOExceptionWithStatus401() {
    PushGateway gateway = fullyConfigured().basicAuth(USER, password + "x").build();

    assertThatThrownBy(() -> gateway.push(registry(1), "interop_tls_denied"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "Pushgateway answered HTTP 401 to PUT "
                + server.httpsUrl()
                + "/metrics/job/interop_tls_denied: ")
        .hasMessageNotContaining(password);
  }

  @Test
  void push_noBasicAuth_throwsIOExceptionWithStatus401() {
    PushGateway gateway = fullyConfigured().build();

    assertThatThrownBy(() -> gateway.push(registry(1), "interop_tls_denied"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Pushgateway answered HTTP 401 to PUT ");
  }

  @Test
  void push_withoutClientCertificate_isRefusedByTheGateway_andStoresNothing() throws IOException {
    PushGateway gateway =
        PushGateway.builder()
            .url(server.httpsUrl())
            .caFile(certs.rootCa())
            .basicAuth(USER, password)
            .build();

    Throwable thrown = catchThrowable(() -> gateway.push(registry(1), "interop_tls_no_cert"));

    assertThat(thrown)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "PUT " + server.httpsUrl() + "/metrics/job/interop_tls_no_cert failed: ");
    // In TLS 1.3 the gateway refuses the missing certificate after the client's handshake is done:
    // the client reads its certificate_required alert, or, if it was already sending the
    // request, finds the connection closed under it.
    assertThat(thrown.getCause())
        .satisfiesAnyOf(
            c ->
                assertThat(c)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("certificate_required"),
            c ->
                assertThat(c)
                    .isInstanceOf(IOException.class)
                    .message()
                    .containsAnyOf(
                        "Broken pipe", "Connection reset", "header parser received no bytes"));
    server.check(() -> assertThat(server.group(Map.of("job", "interop_tls_no_cert"))).isNull());
  }

  @Test
  void push_withoutCaFile_rejectsTheGatewaysCertificate() {
    // the JDK's default CAs do not know the generated root
    PushGateway gateway =
        PushGateway.builder().url(server.httpsUrl()).basicAuth(USER, password).build();

    assertThatThrownBy(() -> gateway.push(registry(1), "interop_tls_untrusted"))
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX path building failed");
  }

  private static PushGateway.Builder fullyConfigured() {
    return PushGateway.builder()
        .url(server.httpsUrl())
        .caFile(certs.rootCa())
        .certFile(certs.clientCert())
        .keyFile(certs.clientKey());
  }

  private static CollectorRegistry registry(double value) {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("interop_tls_value").help("A value.").register(registry).set(value);
    return registry;
  }
}
