package io.prom4j.internal.tls;

import static io.prom4j.testing.TestCertificates.KeyKind.EC;
import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.Poll;
import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotated files reach new connections without a restart; broken ones never do. */
class ServerTlsRotationTest {

  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong();
  private final TlsLogCapture log = new TlsLogCapture();
  private Issued ca;
  private Issued first;
  private Path cert;
  private Path key;
  private SSLContext client;

  @BeforeEach
  void createMaterial() {
    ca = TestCertificates.rootCa("Test CA");
    first = TestCertificates.server(ca, EC);
    cert = TestCertificates.writeCertificates(dir.resolve("server.crt"), first.certificate());
    key = TestCertificates.writePkcs8(dir.resolve("server.key"), first.privateKey());
    client = TestCertificates.clientContext(ca.certificate(), null);
  }

  /** Loads with the test clock: files are only checked when the test advances it. */
  private ServerTls load(TlsSettings settings) {
    return ServerTls.load(settings, clock::get, ServerTls.CHECK_INTERVAL_NANOS, log);
  }

  private void advancePastCheckInterval() {
    clock.addAndGet(ServerTls.CHECK_INTERVAL_NANOS);
  }

  private BigInteger servedSerial(TlsTestServer endpoint) throws IOException {
    try (TlsTestClient connection = TlsTestClient.connect(client, endpoint.port())) {
      assertThat(connection.exchange("ping")).isEqualTo("ok ping");
      return connection.serverSerial();
    }
  }

  private Issued rotate() {
    Issued next = TestCertificates.server(ca, EC);
    TestCertificates.writePkcs8(key, next.privateKey());
    TestCertificates.writeCertificates(cert, next.certificate());
    return next;
  }

  @Test
  void rotation_defaultInterval_newSerialPresentedWithinDeadline() throws Exception {
    // The real clock and the default one-second interval.
    try (ServerTls tls =
            ServerTls.load(
                new TlsSettings(cert, key, null, false, null, null, null, null),
                System::nanoTime,
                ServerTls.CHECK_INTERVAL_NANOS,
                log);
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThat(servedSerial(endpoint)).isEqualTo(first.serial());
      Issued next = rotate();

      Poll.until(
          "the rotated certificate is served",
          Duration.ofSeconds(10),
          () -> {
            try {
              return servedSerial(endpoint).equals(next.serial());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });

      assertThat(servedSerial(endpoint)).isEqualTo(next.serial());
      assertThat(log.messages(Level.INFO))
          .singleElement()
          .asString()
          .contains("serial " + next.serial().toString(16));
    }
  }

  @Test
  void rotation_beforeCheckInterval_keepsServingTheLoadedCertificate() throws Exception {
    try (ServerTls tls = load(new TlsSettings(cert, key, null, false, null, null, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      Issued next = rotate();

      assertThat(servedSerial(endpoint)).isEqualTo(first.serial());
      advancePastCheckInterval();
      assertThat(servedSerial(endpoint)).isEqualTo(next.serial());
      assertThat(log.messages(Level.INFO))
          .singleElement()
          .asString()
          .startsWith(
              "TLS files changed: new connections use the new certificate (subject"
                  + " CN=localhost, serial "
                  + next.serial().toString(16)
                  + ",");
      assertThat(log.messages(Level.WARNING)).isEmpty();
    }
  }

  @Test
  void rotation_existingConnection_keepsItsSessionAndKeepsWorking() throws Exception {
    try (ServerTls tls = load(new TlsSettings(cert, key, null, false, null, null, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls);
        TlsTestClient before = TlsTestClient.connect(client, endpoint.port())) {
      assertThat(before.exchange("one")).isEqualTo("ok one");
      Issued next = rotate();
      advancePastCheckInterval();

      assertThat(servedSerial(endpoint)).isEqualTo(next.serial());
      assertThat(before.exchange("two")).isEqualTo("ok two");
      assertThat(before.serverSerial()).isEqualTo(first.serial());
    }
  }

  @Test
  void rotation_keyMismatch_keepsOldCertificateAndWarnsOnceUntilFixed() throws Exception {
    try (ServerTls tls = load(new TlsSettings(cert, key, null, false, null, null, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      Issued next = TestCertificates.server(ca, EC);
      TestCertificates.writePkcs8(key, next.privateKey());

      for (int i = 0; i < 5; i++) {
        advancePastCheckInterval();
        assertThat(servedSerial(endpoint)).isEqualTo(first.serial());
      }
      assertThat(log.messages(Level.WARNING))
          .singleElement()
          .asString()
          .startsWith(
              "TLS files changed but cannot be loaded; new connections keep the"
                  + " previous certificate (subject CN=localhost, serial "
                  + first.serial().toString(16)
                  + ",")
          .contains(
              "until the files are fixed: The server private key file '"
                  + key
                  + "' (keyFile) does not match the first certificate in '"
                  + cert
                  + "'");

      TestCertificates.writeCertificates(cert, next.certificate());
      advancePastCheckInterval();

      assertThat(servedSerial(endpoint)).isEqualTo(next.serial());
      assertThat(log.messages(Level.WARNING)).hasSize(1);
      assertThat(log.messages(Level.INFO))
          .singleElement()
          .asString()
          .contains("serial " + next.serial().toString(16));
    }
  }

  @Test
  void rotation_halfWrittenCertificate_keepsOldCertificateAndWarnsOnce() throws Exception {
    try (ServerTls tls = load(new TlsSettings(cert, key, null, false, null, null, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      String full = Files.readString(cert);
      TestCertificates.write(cert, full.substring(0, full.length() / 2));

      for (int i = 0; i < 3; i++) {
        advancePastCheckInterval();
        assertThat(servedSerial(endpoint)).isEqualTo(first.serial());
      }
      TestCertificates.write(cert, full.substring(0, full.length() - 30));
      advancePastCheckInterval();
      assertThat(servedSerial(endpoint)).isEqualTo(first.serial());

      assertThat(log.messages(Level.WARNING))
          .singleElement()
          .asString()
          .endsWith(
              "Cannot load server certificate file '"
                  + cert
                  + "' (certFile): PEM block"
                  + " 'CERTIFICATE' has no '-----END CERTIFICATE-----' line (truncated file?)");
    }
  }

  @Test
  void rotation_certificateWrittenBeforeKey_loadsWithoutWarning() throws Exception {
    try (ServerTls tls = load(new TlsSettings(cert, key, null, false, null, null, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      Issued next = TestCertificates.server(ca, EC);
      TestCertificates.writeCertificates(cert, next.certificate());
      advancePastCheckInterval();
      assertThat(servedSerial(endpoint)).isEqualTo(first.serial());

      TestCertificates.writePkcs8(key, next.privateKey());
      advancePastCheckInterval();

      assertThat(servedSerial(endpoint)).isEqualTo(next.serial());
      assertThat(log.messages(Level.WARNING)).isEmpty();
      assertThat(log.messages(Level.DEBUG))
          .anySatisfy(
              message ->
                  assertThat(message).startsWith("TLS files changed but do not load (yet): "));
    }
  }

  @Test
  void rotation_brokenThenRestored_logsBackToMaterialInUse() throws Exception {
    try (ServerTls tls = load(new TlsSettings(cert, key, null, false, null, null, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      byte[] original = Files.readAllBytes(key);
      TestCertificates.write(key, "oops\n");
      advancePastCheckInterval();
      servedSerial(endpoint);
      advancePastCheckInterval();
      servedSerial(endpoint);
      Files.write(key, original);
      advancePastCheckInterval();

      assertThat(servedSerial(endpoint)).isEqualTo(first.serial());
      assertThat(log.messages(Level.WARNING)).hasSize(1);
      assertThat(log.messages(Level.INFO))
          .singleElement()
          .asString()
          .startsWith("TLS files are back to the material in use (subject CN=localhost");
    }
  }

  @Test
  void rotation_clientCaFile_newCaTrustedAndOldCaRefused() throws Exception {
    Issued oldCa = TestCertificates.rootCa("Old Client CA");
    Issued newCa = TestCertificates.rootCa("New Client CA");
    Path caFile =
        TestCertificates.writeCertificates(dir.resolve("clients.pem"), oldCa.certificate());
    SSLContext oldClient =
        TestCertificates.clientContext(ca.certificate(), TestCertificates.client(oldCa, "old"));
    SSLContext newClient =
        TestCertificates.clientContext(ca.certificate(), TestCertificates.client(newCa, "new"));

    try (ServerTls tls = load(new TlsSettings(cert, key, null, true, caFile, null, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      try (TlsTestClient connection = TlsTestClient.connect(oldClient, endpoint.port())) {
        assertThat(connection.exchange("old")).isEqualTo("ok old");
      }
      assertThat(TlsTestClient.refusal(newClient, endpoint.port()))
          .hasMessage("Received fatal alert: certificate_unknown");
      assertThat(endpoint.awaitServerError()).isInstanceOf(SSLHandshakeException.class);

      TestCertificates.writeCertificates(caFile, newCa.certificate());
      advancePastCheckInterval();

      try (TlsTestClient connection = TlsTestClient.connect(newClient, endpoint.port())) {
        assertThat(connection.exchange("new")).isEqualTo("ok new");
      }
      assertThat(TlsTestClient.refusal(oldClient, endpoint.port()))
          .hasMessage("Received fatal alert: certificate_unknown");
    }
  }

  @Test
  void rotation_fileAddedToClientCaPath_isTrusted() throws Exception {
    Issued firstCa = TestCertificates.rootCa("First Client CA");
    Issued addedCa = TestCertificates.rootCa("Added Client CA");
    Path caDir = Files.createDirectory(dir.resolve("cas"));
    TestCertificates.writeCertificates(caDir.resolve("first.pem"), firstCa.certificate());
    SSLContext addedClient =
        TestCertificates.clientContext(ca.certificate(), TestCertificates.client(addedCa, "added"));

    try (ServerTls tls = load(new TlsSettings(cert, key, null, true, null, caDir, null, null));
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      assertThat(TlsTestClient.refusal(addedClient, endpoint.port()))
          .hasMessage("Received fatal alert: certificate_unknown");

      TestCertificates.writeCertificates(caDir.resolve("added.pem"), addedCa.certificate());
      advancePastCheckInterval();

      try (TlsTestClient connection = TlsTestClient.connect(addedClient, endpoint.port())) {
        assertThat(connection.exchange("added")).isEqualTo("ok added");
      }
    }
  }

  @Test
  void rotation_concurrentConnections_allSucceedWithOneOfTheTwoCertificates() throws Exception {
    try (ServerTls tls =
            ServerTls.load(
                new TlsSettings(cert, key, null, false, null, null, null, null),
                clock::get,
                0,
                log);
        TlsTestServer endpoint = new TlsTestServer(tls)) {
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<BigInteger>> serials = new ArrayList<>();
        Issued next = null;
        for (int i = 0; i < 40; i++) {
          serials.add(clients.submit(() -> servedSerial(endpoint)));
          if (i == 10) {
            next = rotate();
          }
        }
        List<BigInteger> seen = new ArrayList<>();
        for (Future<BigInteger> serial : serials) {
          seen.add(serial.get());
        }

        assertThat(seen).hasSize(40).containsOnly(first.serial(), next.serial());
        assertThat(servedSerial(endpoint)).isEqualTo(next.serial());
      } finally {
        clients.shutdownNow();
      }
    }
  }
}
