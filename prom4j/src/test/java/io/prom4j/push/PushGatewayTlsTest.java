package io.prom4j.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.Gauge;
import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import io.prom4j.testing.TestCertificates.KeyKind;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to a local stand-in gateway that requires a client certificate: the CA file, the client
 * certificate and every key format the server accepts, and the PEM code's messages for bad files.
 */
class PushGatewayTlsTest {

  private static Issued serverCa;
  private static Issued server;
  private static Issued clientCa;

  @TempDir Path dir;

  private RecordingGateway gateway;
  private CollectorRegistry registry;

  @BeforeAll
  static void certificates() {
    serverCa = TestCertificates.rootCa("push test server CA");
    server = TestCertificates.server(serverCa, KeyKind.EC);
    clientCa = TestCertificates.rootCa("push test client CA");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void startGateway() {
    gateway = new RecordingGateway(serverContext(), true);
    registry = new CollectorRegistry();
    Gauge.builder().name("g").help("help").register(registry).set(1);
  }

  @Test
  void push_clientCertificateWithEcSec1Key_isPresentedAndAccepted() throws IOException {
    startGateway();
    Issued client = TestCertificates.client(clientCa, "batch job", KeyKind.EC);
    PushGateway push =
        tls(client, TestCertificates.writeSec1(dir.resolve("c.key"), client.privateKey(), false))
            .basicAuth("foo", "bar")
            .build();

    push.push(registry, "j");

    RecordingGateway.Recorded r = gateway.only();
    assertThat(r.peer()).isEqualTo("CN=batch job");
    assertThat(r.rawPath()).isEqualTo("/metrics/job/j");
    assertThat(r.header("Authorization")).isEqualTo("Basic Zm9vOmJhcg==");
    assertThat(PushGatewayTest.gauge(r.families())).isEqualTo("g \"help\" 1.0");
  }

  @Test
  void push_clientCertificateWithRsaPkcs1Key_isAccepted() throws IOException {
    startGateway();
    Issued client = TestCertificates.client(clientCa, "rsa job", KeyKind.RSA);

    tls(client, TestCertificates.writePkcs1(dir.resolve("c.key"), client.privateKey()))
        .build()
        .pushAdd(registry, "j");

    assertThat(gateway.only().peer()).isEqualTo("CN=rsa job");
    assertThat(gateway.only().method()).isEqualTo("POST");
  }

  @Test
  void delete_clientCertificateWithPkcs8Key_isAccepted() throws IOException {
    startGateway();
    Issued client = TestCertificates.client(clientCa, "pkcs8 job", KeyKind.RSA);

    tls(client, TestCertificates.writePkcs8(dir.resolve("c.key"), client.privateKey()))
        .build()
        .delete("j");

    assertThat(gateway.only().peer()).isEqualTo("CN=pkcs8 job");
  }

  @Test
  void push_noClientCertificate_failsTheHandshake() {
    startGateway();
    PushGateway push = PushGateway.builder().url(gateway.httpsUrl()).caFile(serverCaFile()).build();

    assertThatThrownBy(() -> push.push(registry, "j"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("PUT " + gateway.httpsUrl() + "/metrics/job/j failed: ");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void push_gatewayCertificateFromAnotherCa_isRejected() {
    startGateway();
    Issued client = TestCertificates.client(clientCa, "batch job", KeyKind.EC);
    Path otherCa =
        TestCertificates.writeCertificates(
            dir.resolve("other-ca.pem"), TestCertificates.rootCa("unrelated CA").certificate());
    PushGateway push =
        PushGateway.builder()
            .url(gateway.httpsUrl())
            .caFile(otherCa)
            .certFile(clientCertFile(client))
            .keyFile(TestCertificates.writePkcs8(dir.resolve("c.key"), client.privateKey()))
            .build();

    assertThatThrownBy(() -> push.push(registry, "j"))
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX path building failed");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void build_encryptedKey_throwsIllegalArgumentNamingFileRoleAndSetting() {
    Issued client = TestCertificates.client(clientCa, "batch job", KeyKind.EC);
    Path key =
        TestCertificates.writeEncryptedPkcs8(
            dir.resolve("enc.key"), client.privateKey(), "pw".toCharArray());

    assertThatThrownBy(() -> tls(client, key).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot load client private key file '" + key + "' (keyFile): ")
        .hasMessageContaining("encrypted");
  }

  @Test
  void build_keyOfAnotherCertificate_throwsIllegalArgumentNamingBothFiles() {
    Issued client = TestCertificates.client(clientCa, "batch job", KeyKind.EC);
    Issued other = TestCertificates.client(clientCa, "other", KeyKind.EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("other.key"), other.privateKey());
    Path cert = clientCertFile(client);

    assertThatThrownBy(
            () ->
                PushGateway.builder()
                    .url("https://localhost:9091")
                    .certFile(cert)
                    .keyFile(key)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The client private key file '"
                + key
                + "' (keyFile) does not match the first certificate in '"
                + cert
                + "' (certFile, subject CN=batch job): the key is EC, the certificate's public"
                + " key is EC but a test signature does not verify");
  }

  @Test
  void build_missingCaFile_throwsIllegalArgumentNamingFileRoleAndSetting() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(
            () -> PushGateway.builder().url("https://localhost:9091").caFile(missing).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot load Pushgateway CA file '" + missing + "' (caFile): no such file");
  }

  @Test
  void build_certFileWithoutCertificate_throwsIllegalArgument() {
    Issued client = TestCertificates.client(clientCa, "batch job", KeyKind.EC);
    Path key = TestCertificates.writePkcs8(dir.resolve("c.key"), client.privateKey());

    assertThatThrownBy(
            () ->
                PushGateway.builder()
                    .url("https://localhost:9091")
                    .certFile(key)
                    .keyFile(key)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load client certificate file '"
                + key
                + "' (certFile): no PEM 'CERTIFICATE' block; found only 'PRIVATE KEY'");
  }

  private PushGateway.Builder tls(Issued client, Path keyFile) {
    String url = gateway == null ? "https://localhost:9091" : gateway.httpsUrl();
    return PushGateway.builder()
        .url(url)
        .caFile(serverCaFile())
        .certFile(clientCertFile(client))
        .keyFile(keyFile);
  }

  private Path serverCaFile() {
    return TestCertificates.writeCertificates(dir.resolve("server-ca.pem"), serverCa.certificate());
  }

  private Path clientCertFile(Issued client) {
    return TestCertificates.writeCertificates(dir.resolve("client.pem"), client.certificate());
  }

  /** The stand-in gateway's context: the server certificate, trusting the client CA only. */
  private static SSLContext serverContext() {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] pw = "test".toCharArray();
      keys.setKeyEntry(
          "server",
          server.privateKey(),
          pw,
          new X509Certificate[] {server.certificate(), serverCa.certificate()});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, pw);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("client-ca", clientCa.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
