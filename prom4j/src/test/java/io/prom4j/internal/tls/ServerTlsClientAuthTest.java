package io.prom4j.internal.tls;

import static io.prom4j.testing.TestCertificates.KeyKind.EC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS through {@link ServerTls}: which client certificates are accepted, and why not. */
class ServerTlsClientAuthTest {

  @TempDir Path dir;
  private Issued serverCa;
  private Issued clientCa;
  private Path cert;
  private Path key;

  @BeforeEach
  void createServerMaterial() {
    serverCa = TestCertificates.rootCa("Server CA");
    clientCa = TestCertificates.rootCa("Client CA");
    Issued server = TestCertificates.server(serverCa, EC);
    cert = TestCertificates.writeCertificates(dir.resolve("server.crt"), server.certificate());
    key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());
  }

  private TlsSettings mtls(Path caFile, Path caPath) {
    return new TlsSettings(cert, key, null, true, caFile, caPath, null, null);
  }

  private Path clientCaFile() {
    return TestCertificates.writeCertificates(dir.resolve("client-ca.crt"), clientCa.certificate());
  }

  private SSLContext clientWith(Issued identity) {
    return TestCertificates.clientContext(serverCa.certificate(), identity);
  }

  /** Connects and checks a line round trip. */
  private static void exchange(SSLContext client, int port) throws IOException {
    try (TlsTestClient connection = TlsTestClient.connect(client, port)) {
      assertThat(connection.exchange("hello")).isEqualTo("ok hello");
    }
  }

  @Test
  void clientAuthRequired_validClientCertificate_isAccepted() throws Exception {
    Issued alice = TestCertificates.client(clientCa, "alice");

    try (ServerTls tls = ServerTls.load(mtls(clientCaFile(), null));
        TlsTestServer endpoint = new TlsTestServer(tls);
        TlsTestClient connection = TlsTestClient.connect(clientWith(alice), endpoint.port())) {
      assertThat(connection.exchange("hello")).isEqualTo("ok hello");
      assertThat(endpoint.awaitSession().getPeerPrincipal().getName()).isEqualTo("CN=alice");
    }
  }

  @Test
  void clientAuthRequired_noClientCertificateTls13_failsWithBadCertificate() throws Exception {
    try (ServerTls tls = ServerTls.load(mtls(clientCaFile(), null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThat(TlsTestClient.refusal(clientWith(null), endpoint.port(), "TLSv1.3"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage("Received fatal alert: bad_certificate");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage("Empty client certificate chain");
    }
  }

  @Test
  void clientAuthRequired_noClientCertificateTls12_failsWithBadCertificate() throws Exception {
    try (ServerTls tls = ServerTls.load(mtls(clientCaFile(), null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThat(TlsTestClient.refusal(clientWith(null), endpoint.port(), "TLSv1.2"))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage("Received fatal alert: bad_certificate");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage("Empty client certificate chain");
    }
  }

  @Test
  void clientAuthRequired_certificateFromAnotherCa_failsWithCertificateUnknown() throws Exception {
    Issued stranger = TestCertificates.client(TestCertificates.rootCa("Other CA"), "mallory");

    try (ServerTls tls = ServerTls.load(mtls(clientCaFile(), null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThat(TlsTestClient.refusal(clientWith(stranger), endpoint.port()))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage("Received fatal alert: certificate_unknown");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("PKIX path building failed")
          .hasMessageContaining("unable to find valid certification path to requested target");
    }
  }

  @Test
  void clientAuthRequired_expiredClientCertificate_failsWithCertificateUnknownAndExpiredCause()
      throws Exception {
    Issued expired = TestCertificates.expiredClient(clientCa, "late");

    try (ServerTls tls = ServerTls.load(mtls(clientCaFile(), null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThat(TlsTestClient.refusal(clientWith(expired), endpoint.port()))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage("Received fatal alert: certificate_unknown");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("validity check failed")
          .hasRootCauseInstanceOf(CertificateExpiredException.class);
    }
  }

  @Test
  void clientCaPath_hashedFileName_trustsItsCaAndSkipsOtherFiles() throws Exception {
    Path caDir = Files.createDirectory(dir.resolve("cas"));
    TestCertificates.writeCertificates(caDir.resolve("9d2c5e1a.0"), clientCa.certificate());
    TestCertificates.write(caDir.resolve("README"), "CA certificates for prom4j clients\n");
    TestCertificates.write(
        caDir.resolve("9d2c5e1a.r0"), TestCertificates.pem("X509 CRL", new byte[] {0x30, 0x00}));
    Files.createDirectory(caDir.resolve("old"));
    Issued alice = TestCertificates.client(clientCa, "alice");
    Issued stranger = TestCertificates.client(TestCertificates.rootCa("Other CA"), "mallory");

    try (ServerTls tls = ServerTls.load(mtls(null, caDir));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      exchange(clientWith(alice), endpoint.port());
      assertThat(endpoint.awaitSession().getPeerPrincipal().getName()).isEqualTo("CN=alice");
      assertThat(TlsTestClient.refusal(clientWith(stranger), endpoint.port()))
          .hasMessage("Received fatal alert: certificate_unknown");
      assertThat(endpoint.awaitServerError())
          .hasMessageContaining("unable to find valid certification path to requested target");
    }
  }

  @Test
  void clientCaFileAndPath_bothTrusted() throws Exception {
    Issued secondCa = TestCertificates.rootCa("Second Client CA");
    Path caDir = Files.createDirectory(dir.resolve("cas"));
    TestCertificates.writeCertificates(caDir.resolve("second.pem"), secondCa.certificate());

    try (ServerTls tls = ServerTls.load(mtls(clientCaFile(), caDir));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      exchange(clientWith(TestCertificates.client(clientCa, "alice")), endpoint.port());
      exchange(clientWith(TestCertificates.client(secondCa, "bob")), endpoint.port());
      assertThat(endpoint.awaitSession().getPeerPrincipal().getName()).isEqualTo("CN=alice");
      assertThat(endpoint.awaitSession().getPeerPrincipal().getName()).isEqualTo("CN=bob");
    }
  }

  @Test
  void clientAuthRequired_noCaConfigured_usesJdkTrustStoreAndRefusesPrivateCa() throws Exception {
    Issued alice = TestCertificates.client(clientCa, "alice");

    try (ServerTls tls = ServerTls.load(mtls(null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThat(TlsTestClient.refusal(clientWith(alice), endpoint.port()))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessage("Received fatal alert: certificate_unknown");
      assertThat(endpoint.awaitServerError())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("unable to find valid certification path to requested target");
    }
  }

  @Test
  void clientAuthRequired_noCaConfigured_warnsOnceThatPublicCasAreAdmitted() {
    TlsLogCapture log = new TlsLogCapture();

    try (ServerTls tls =
        ServerTls.load(mtls(null, null), System::nanoTime, ServerTls.CHECK_INTERVAL_NANOS, log)) {
      assertThat(tls).isNotNull();
      assertThat(log.messages(Level.WARNING))
          .containsExactly(
              "clientAuthRequired is true"
                  + " without clientCaFile or clientCaPath: client certificates are checked against the"
                  + " JDK's default trust store, so any client certificate from a publicly trusted CA is"
                  + " admitted; set clientCaFile or clientCaPath to restrict it");
    }
  }

  @Test
  void clientAuthRequired_withClientCa_logsNoWarning() {
    TlsLogCapture log = new TlsLogCapture();

    try (ServerTls tls =
        ServerTls.load(
            mtls(clientCaFile(), null), System::nanoTime, ServerTls.CHECK_INTERVAL_NANOS, log)) {
      assertThat(tls).isNotNull();
      assertThat(log.messages(Level.WARNING)).isEmpty();
    }
  }

  @Test
  void clientCaWithoutClientAuthRequired_requestsNoCertificateAndWarnsOnce() throws Exception {
    Issued alice = TestCertificates.client(clientCa, "alice");
    TlsSettings settings =
        new TlsSettings(cert, key, null, false, clientCaFile(), null, null, null);

    TlsLogCapture log = new TlsLogCapture();

    try (ServerTls tls =
            ServerTls.load(settings, System::nanoTime, ServerTls.CHECK_INTERVAL_NANOS, log);
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      exchange(clientWith(alice), endpoint.port());
      exchange(clientWith(null), endpoint.port());

      SSLSession withCertificate = endpoint.awaitSession();
      assertThatThrownBy(withCertificate::getPeerCertificates)
          .isInstanceOf(SSLPeerUnverifiedException.class);
      assertThat(endpoint.awaitSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(log.messages(Level.WARNING))
          .containsExactly(
              "clientCaFile/clientCaPath is set"
                  + " but clientAuthRequired is false: no client certificate is requested and the"
                  + " client CA is unused");
    }
  }
}
