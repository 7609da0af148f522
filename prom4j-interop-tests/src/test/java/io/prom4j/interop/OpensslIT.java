package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * prom4j's HTTPS as the OpenSSL and curl command lines see it: the chain it presents, the protocol
 * versions it accepts, the client CAs a mutual-TLS server names, and what curl gets.
 */
class OpensslIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Well under any handshake or read timeout the server may have: a refusal is immediate. */
  private static final Duration QUICKLY = Duration.ofSeconds(5);

  private static final String REQUEST =
      "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

  /** The line of the text format 0.0.4 that every scrape of the registry contains. */
  private static final String SAMPLE_LINE = "interop_requests_total{method=\"GET\",path=\"/\"} 3.0";

  @TempDir static Path dir;

  private static TestCertificates certs;

  /** An empty OpenSSL configuration: the system one (Debian sets MinProtocol) must not decide. */
  private static Path emptyOpensslConf;

  private static CollectorRegistry registry;
  private static final List<MetricsServer> servers = new ArrayList<>();
  private static int tlsPort;
  private static int mutualTlsPort;
  private static int tls13OnlyPort;

  @BeforeAll
  static void startServers() throws IOException {
    Tools.require(Tools.Tool.OPENSSL);
    certs = TestCertificates.generate(dir.resolve("certs"));
    emptyOpensslConf = Files.writeString(dir.resolve("empty-openssl.cnf"), "");
    registry = InteropMetrics.create();
    tlsPort = start(b -> b.certFile(certs.serverChain()).keyFile(certs.serverKey()));
    mutualTlsPort =
        start(
            b ->
                b.certFile(certs.serverChain())
                    .keyFile(certs.serverKey())
                    .clientAuthRequired(true)
                    .clientCaFile(certs.clientCa()));
    tls13OnlyPort =
        start(
            b ->
                b.certFile(certs.serverChain())
                    .keyFile(certs.serverKey())
                    .tlsMinVersion("TLSv1.3"));
  }

  @AfterAll
  static void stopServers() {
    for (MetricsServer s : servers) {
      s.close();
    }
  }

  @Test
  void sClient_presentedChain_isLeafThenIntermediate_andVerifiesAgainstTheRoot()
      throws CertificateException {
    Exec.Result r = sClient(tlsPort, "", "-showcerts");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).contains("Verify return code: 0 (ok)");
    List<X509Certificate> presented = new ArrayList<>();
    Matcher m = PEM.matcher(r.stdout());
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    while (m.find()) {
      presented.add(
          (X509Certificate)
              factory.generateCertificate(
                  new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
    }
    // X509Certificate.equals compares the encoded certificates
    assertThat(presented)
        .as(r.describe())
        .containsExactly(
            TestCertificates.read(certs.serverLeaf()).get(0),
            TestCertificates.read(certs.intermediateCa()).get(0));
  }

  @Test
  void sClient_tls11_isRefusedByTheServer() {
    Exec.Result r = sClient(tlsPort, "", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");

    assertThat(r.exitCode()).as(r.describe()).isNotZero();
    // the server's protocol_version alert: the refusal came from prom4j, not from our client
    assertThat(r.stdout() + r.stderr()).as(r.describe()).contains("alert protocol version");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2", "1.3"})
  void sClient_tls12AndTls13_areAccepted_andServeMetrics(String version) {
    // the same lowered client security level as the TLS 1.1 test: only the server decides
    Exec.Result r =
        sClient(
            tlsPort,
            REQUEST,
            "-tls1_" + version.substring(2),
            "-cipher",
            "DEFAULT@SECLEVEL=0",
            "-ign_eof");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout())
        .as(r.describe())
        .contains("New, TLSv" + version + ", Cipher is ")
        .contains("HTTP/1.1 200")
        .contains(SAMPLE_LINE);
  }

  @Test
  void sClient_tlsMinVersion13_refusesTls12_acceptsTls13() {
    Exec.Result refused = sClient(tls13OnlyPort, "", "-tls1_2");
    Exec.Result accepted = sClient(tls13OnlyPort, REQUEST, "-tls1_3", "-ign_eof");

    assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
    assertThat(refused.stdout() + refused.stderr())
        .as(refused.describe())
        .contains("alert protocol version");
    assertThat(accepted.exitCode()).as(accepted.describe()).isZero();
    assertThat(accepted.stdout()).as(accepted.describe()).contains("HTTP/1.1 200");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-tls1_2", "-tls1_3"})
  void sClient_mutualTls_certificateRequestNamesOnlyTheClientCa(String version) {
    Exec.Result r = sClient(mutualTlsPort, "", version);

    assertThat(acceptableClientCaNames(r.stdout()))
        .as(r.describe())
        .containsExactly("CN = " + TestCertificates.CLIENT_CA_CN);
  }

  @Test
  void curl_withCacert_gets200AndTheMetrics() {
    Exec.Result r = curl(tlsPort, "--cacert", certs.rootCa().toString(), "-D", "-");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout())
        .as(r.describe())
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("content-type: text/plain; version=0.0.4; charset=utf-8\r\n")
        .contains(SAMPLE_LINE);
  }

  @Test
  void curl_plainHttpToTheTlsPort_getsNoHttpResponse_quickly() {
    Exec.Result r =
        run(
            curlPath(),
            "-sS",
            "--max-time",
            "20",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "http://127.0.0.1:" + tlsPort + "/metrics");

    assertThat(r.exitCode()).as(r.describe()).isNotIn(0, 28); // 28: curl's own timeout
    assertThat(r.stdout()).as(r.describe()).isEqualTo("000");
    assertThat(r.elapsed()).as(r.describe()).isLessThan(QUICKLY);
  }

  @Test
  void curl_mutualTls_withClientCertificate_gets200() {
    Exec.Result r =
        curl(
            mutualTlsPort,
            "--cacert",
            certs.rootCa().toString(),
            "--cert",
            certs.clientCert().toString(),
            "--key",
            certs.clientKey().toString(),
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).as(r.describe()).isEqualTo("200");
  }

  @Test
  void curl_mutualTls_withoutClientCertificate_getsNoHttpResponse() {
    Exec.Result r =
        curl(
            mutualTlsPort,
            "--cacert",
            certs.rootCa().toString(),
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}");

    assertThat(r.exitCode()).as(r.describe()).isNotIn(0, 28);
    assertThat(r.stdout()).as(r.describe()).isEqualTo("000");
  }

  @Test
  void curl_mutualTls_withCertificateFromAnotherCa_getsNoHttpResponse() {
    Exec.Result r =
        curl(
            mutualTlsPort,
            "--cacert",
            certs.rootCa().toString(),
            "--cert",
            certs.strayClientCert().toString(),
            "--key",
            certs.strayClientKey().toString(),
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}");

    assertThat(r.exitCode()).as(r.describe()).isNotIn(0, 28);
    assertThat(r.stdout()).as(r.describe()).isEqualTo("000");
  }

  /**
   * The distinguished names s_client lists under "Acceptable client certificate CA names" (empty if
   * the server requested no certificate).
   */
  static List<String> acceptableClientCaNames(String sClientOutput) {
    List<String> names = new ArrayList<>();
    boolean inList = false;
    for (String line : sClientOutput.lines().toList()) {
      if (line.startsWith("Acceptable client certificate CA names")) {
        inList = true;
      } else if (inList) {
        // the list ends at the next "Label: value" line or separator
        if (line.contains(":") || line.startsWith("---") || line.isBlank()) {
          break;
        }
        names.add(line.strip());
      }
    }
    return names;
  }

  private static Exec.Result sClient(int port, String stdin, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.require(Tools.Tool.OPENSSL).toString(),
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-servername",
                "localhost",
                "-CAfile",
                certs.rootCa().toString(),
                "-verify_return_error"));
    command.addAll(List.of(args));
    return Exec.run(
        command,
        stdin.getBytes(StandardCharsets.US_ASCII),
        TIMEOUT,
        Map.of("OPENSSL_CONF", emptyOpensslConf.toString()));
  }

  private static Exec.Result curl(int port, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                curlPath(),
                "-sS",
                "--max-time",
                "20",
                // the certificate names localhost; pin it to the address the server listens on
                "--resolve",
                "localhost:" + port + ":127.0.0.1"));
    command.addAll(List.of(args));
    command.add("https://localhost:" + port + "/metrics");
    return run(command.toArray(String[]::new));
  }

  private static String curlPath() {
    return Tools.require(Tools.Tool.CURL).toString();
  }

  private static Exec.Result run(String... command) {
    return Exec.run(List.of(command), TIMEOUT);
  }

  private static int start(UnaryOperator<MetricsServer.Builder> tls) {
    MetricsServer server =
        tls.apply(MetricsServer.builder().address("127.0.0.1").port(0).registry(registry)).start();
    servers.add(server);
    return server.port();
  }
}
