package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.http.MetricsServer;
import io.prom4j.interop.PrometheusServer.Series;
import io.prom4j.interop.PrometheusServer.Target;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation as Prometheus sees it: while Prometheus scrapes an HTTPS server every
 * second, the server's certificate and key files are replaced by a new certificate (new serial,
 * same CA). New handshakes must present it, and no scrape may fail.
 *
 * <p>Prometheus reaches the server through a {@link TcpProxy}, which ends Prometheus' kept-alive
 * connection after the rotation: otherwise Prometheus might keep scraping over the old TLS session
 * and never handshake with the new certificate.
 */
class CertificateRotationIT {

  private static final String JOB = "https-rotation";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** A kept-alive connection idle this long is between two scrapes (one per second). */
  private static final Duration IDLE = Duration.ofMillis(300);

  @TempDir static Path dir;

  private static TestCertificates certs;
  private static Path certFile;
  private static Path keyFile;
  private static MetricsServer server;
  private static TcpProxy proxy;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws IOException {
    Tools.require(Tools.Tool.PROMETHEUS);
    certs = TestCertificates.generate(dir.resolve("certs"));
    Path live = Files.createDirectories(dir.resolve("live"));
    certFile = live.resolve("server.crt");
    keyFile = live.resolve("server.key");
    Files.copy(certs.serverChain(), certFile);
    Files.copy(certs.serverKey(), keyFile);
    server =
        MetricsServer.builder()
            .address("127.0.0.1")
            .port(0)
            .registry(InteropMetrics.create())
            .certFile(certFile)
            .keyFile(keyFile)
            .start();
    proxy = TcpProxy.start(server.port());
    prometheus =
        PrometheusServer.start(
            dir.resolve("prometheus"),
            "CertificateRotationIT",
            List.of(ScrapeJob.https(JOB, proxy.port(), certs.rootCa())));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void replacedCertificateFiles_newHandshakesPresentTheNewCertificate_scrapesNeverFail()
      throws Exception {
    prometheus.check(() -> Eventually.check(DEADLINE, () -> assertScrapedAfter(Instant.EPOCH)));
    assertThat(presentedSerial()).isEqualTo(certs.serverSerial());

    // Replace each file in one step (rename over it), key first: a reader sees either file
    // whole, though for a moment the key and the certificate do not match.
    replace(certs.server2Key(), keyFile);
    replace(certs.server2Chain(), certFile);

    Eventually.check(
        DEADLINE, () -> assertThat(presentedSerial()).isEqualTo(certs.server2Serial()));

    // From here every new handshake gets the new certificate. End Prometheus' connections
    // from before, so that its next scrapes must handshake again.
    long rotated = System.nanoTime();
    prometheus.check(
        () ->
            Eventually.check(
                DEADLINE,
                () -> {
                  proxy.closeIdleOpenedAtOrBefore(rotated, IDLE);
                  assertThat(proxy.openAtOrBefore(rotated))
                      .as("connections from before the rotation")
                      .isZero();
                  assertThat(proxy.acceptedAfter(rotated))
                      .as("connections since the rotation")
                      .isPositive();
                }));
    Instant reconnected = Instant.now();
    prometheus.check(() -> Eventually.check(DEADLINE, () -> assertScrapedAfter(reconnected)));

    // every scrape Prometheus made since it started succeeded: up was never 0
    prometheus.check(
        () -> {
          assertThat(singleValue("min_over_time(up{job=\"" + JOB + "\"}[10m])")).isEqualTo(1.0);
          assertThat(singleValue("count_over_time(up{job=\"" + JOB + "\"}[10m])"))
              .isGreaterThanOrEqualTo(2.0);
        });
  }

  private static void assertScrapedAfter(Instant after) {
    Target t = prometheus.target(JOB);
    assertThat(t.lastScrape()).as("lastScrape").isAfter(after);
    assertThat(t.lastError()).as("lastError").isEmpty();
    assertThat(t.health()).as("health").isEqualTo("up");
  }

  private static double singleValue(String query) {
    List<Series> result = prometheus.query(query);
    assertThat(result).as(query).hasSize(1);
    return result.get(0).value();
  }

  private static BigInteger presentedSerial() throws Exception {
    return TlsProbe.presentedChain(server.port(), certs.rootCa()).get(0).getSerialNumber();
  }

  /** Replaces {@code target} by a copy of {@code source} with one rename. */
  private static void replace(Path source, Path target) throws IOException {
    Path staging = target.resolveSibling(target.getFileName() + ".new");
    Files.copy(source, staging, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
