package io.prom4j.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.Histogram;
import io.prom4j.exposition.ProtobufFormat;
import io.prom4j.exposition.TextFormat;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link PushGateway} sends, checked on a local stand-in gateway: method, raw path, headers
 * and body; and how it treats the answers. Python vectors from python-behaviour 4.6.
 */
class PushGatewayTest {

  private static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
          + " encoding=delimited";

  private RecordingGateway gateway;
  private PushGateway client;
  private CollectorRegistry registry;

  @BeforeEach
  void start() {
    gateway = new RecordingGateway();
    client = PushGateway.builder().address(gateway.address()).build();
    registry = new CollectorRegistry();
    Gauge.builder().name("g").help("help").register(registry);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  /** The one gauge family of {@code families}, as {@code name "help" value}. */
  static String gauge(List<Metrics.MetricFamily> families) {
    assertThat(families).hasSize(1);
    Metrics.MetricFamily f = families.get(0);
    assertThat(f.getType()).isEqualTo(Metrics.MetricType.GAUGE);
    assertThat(f.getMetricCount()).isEqualTo(1);
    return f.getName() + " \"" + f.getHelp() + "\" " + f.getMetric(0).getGauge().getValue();
  }

  private static byte[] protobuf(CollectorRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProtobufFormat.standard().write(out, registry);
    return out.toByteArray();
  }

  @Test
  void push_jobOnly_putsProtobufToJobPath() throws IOException {
    client.push(registry, "my_job");

    RecordingGateway.Recorded r = gateway.only();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.rawPath()).isEqualTo("/metrics/job/my_job");
    assertThat(r.header("Content-Type")).isEqualTo(PROTOBUF);
    assertThat(gauge(r.families())).isEqualTo("g \"help\" 0.0");
    assertThat(r.body()).isEqualTo(protobuf(registry));
    assertThat(r.header("Authorization")).isNull();
  }

  @Test
  void push_defaultHistogram_sendsClassicBucketsAndTheNativeHistogram() throws IOException {
    CollectorRegistry histograms = new CollectorRegistry();
    Histogram h = Histogram.builder().name("h_seconds").help("H.").register(histograms);
    h.observe(0.3);
    h.observe(4);

    client.push(histograms, "j");

    List<Metrics.MetricFamily> families = gateway.only().families();
    assertThat(families).extracting(Metrics.MetricFamily::getName).containsExactly("h_seconds");
    Metrics.Histogram sent = families.get(0).getMetric(0).getHistogram();
    assertThat(sent.getSampleCount()).isEqualTo(2);
    assertThat(sent.getSampleSum()).isEqualTo(4.3);
    // classic: the default bounds without +Inf (the reader adds it from the count)
    assertThat(sent.getBucketList())
        .extracting(Metrics.Bucket::getUpperBound)
        .containsExactly(
            0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    assertThat(sent.getBucket(7).getCumulativeCount()).isEqualTo(1); // le 0.5
    assertThat(sent.getBucket(11).getCumulativeCount()).isEqualTo(2); // le 5
    // native: schema 5, one populated bucket per observation
    assertThat(sent.getSchema()).isEqualTo(5);
    assertThat(sent.getPositiveDeltaList()).containsExactly(1L, 0L);
  }

  @Test
  void push_groupingKey_putsToGroupPathWithBase64WhereNeeded() throws IOException {
    client.push(registry, "my_job", Map.of("a", "9", "b", "a/ z"));
    client.push(registry, "my_job", Map.of("a", ""));
    client.push(registry, "my/job", Map.of("instance", "db 1"));

    assertThat(gateway.requests())
        .extracting(RecordingGateway.Recorded::rawPath)
        .containsExactly(
            "/metrics/job/my_job/a/9/b@base64/YS8geg==",
            "/metrics/job/my_job/a@base64/=",
            "/metrics/job@base64/bXkvam9i/instance/db%201");
  }

  @Test
  void pushAdd_groupingKey_postsSameBodyToGroupPath() throws IOException {
    client.pushAdd(registry, "my_job", Map.of("a", "9"));
    client.pushAdd(registry, "other");

    assertThat(gateway.requests()).hasSize(2);
    RecordingGateway.Recorded r = gateway.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.rawPath()).isEqualTo("/metrics/job/my_job/a/9");
    assertThat(r.header("Content-Type")).isEqualTo(PROTOBUF);
    assertThat(gauge(r.families())).isEqualTo("g \"help\" 0.0");
    assertThat(gateway.requests().get(1).rawPath()).isEqualTo("/metrics/job/other");
  }

  @Test
  void delete_groupingKey_sendsDeleteWithoutBodyOrContentType() throws IOException {
    client.delete("my_job", Map.of("a", "9"));
    client.delete("my_job");

    RecordingGateway.Recorded r = gateway.requests().get(0);
    assertThat(r.method()).isEqualTo("DELETE");
    assertThat(r.rawPath()).isEqualTo("/metrics/job/my_job/a/9");
    assertThat(r.body()).isEmpty();
    assertThat(r.header("Content-Type")).isNull();
    assertThat(gateway.requests().get(1).rawPath()).isEqualTo("/metrics/job/my_job");
  }

  @Test
  void apiSnippet_asWrittenInApiMd_sendsPutPutPostDelete() throws IOException {
    // api.md, "Pushgateway and textfile", with the stand-in gateway's address
    PushGateway gateway =
        PushGateway.builder()
            .address(this.gateway.address()) // or .url("https://gw.example:9091/prefix")
            .build();
    gateway.push(registry, "batch_job"); // PUT: replaces the job's group
    gateway.push(registry, "batch_job", Map.of("instance", "a/b")); // grouping key
    gateway.pushAdd(registry, "batch_job", Map.of("instance", "a/b")); // POST
    gateway.delete("batch_job", Map.of("instance", "a/b")); // DELETE the group

    assertThat(this.gateway.requests())
        .extracting(r -> r.method() + " " + r.rawPath())
        .containsExactly(
            "PUT /metrics/job/batch_job",
            "PUT /metrics/job/batch_job/instance@base64/YS9i",
            "POST /metrics/job/batch_job/instance@base64/YS9i",
            "DELETE /metrics/job/batch_job/instance@base64/YS9i");
  }

  @Test
  void push_emptyRegistry_putsEmptyBody() throws IOException {
    client.push(new CollectorRegistry(), "j");

    assertThat(gateway.only().body()).isEmpty();
    assertThat(gateway.only().method()).isEqualTo("PUT");
  }

  @Test
  void push_registry_isNotChanged() throws IOException {
    Counter c = Counter.builder().name("done").help("Done.").register(registry);
    c.inc(3);
    String before = TextFormat.generateLatest(registry);

    client.push(registry, "j");
    client.pushAdd(registry, "j");

    assertThat(TextFormat.generateLatest(registry)).isEqualTo(before);
    assertThat(registry.getSampleValue("done_total", Map.of())).isEqualTo(3.0);
    assertThat(gateway.requests().get(1).body()).isEqualTo(protobuf(registry));
  }

  @Test
  void push_urlWithPrefix_putsBelowThePrefix() throws IOException {
    PushGateway prefixed =
        PushGateway.builder().url("http://" + gateway.address() + "/prefix/").build();

    prefixed.push(registry, "j", Map.of("instance", "i"));

    assertThat(gateway.only().rawPath()).isEqualTo("/prefix/metrics/job/j/instance/i");
  }

  @Test
  void push_basicAuth_sendsBasicAuthorization() throws IOException {
    PushGateway auth =
        PushGateway.builder().address(gateway.address()).basicAuth("foo", "bar").build();

    auth.push(registry, "j");
    auth.delete("j");

    assertThat(gateway.requests())
        .extracting(r -> r.header("Authorization"))
        .containsExactly("Basic Zm9vOmJhcg==", "Basic Zm9vOmJhcg==");
  }

  @Test
  void pushAdd_bearerToken_sendsBearerAuthorization() throws IOException {
    PushGateway auth =
        PushGateway.builder().address(gateway.address()).bearerToken("t0ken").build();

    auth.pushAdd(registry, "j");

    assertThat(gateway.only().header("Authorization")).isEqualTo("Bearer t0ken");
  }

  @Test
  void push_errorAnswer_throwsIOExceptionWithStatusAndGatewayMessage() {
    gateway.answer(
        400,
        "pushed metrics are invalid or inconsistent with existing metrics: collected metric"
            + " \"g\" { gauge:<value:0 > } was collected before with the same name and label"
            + " values\n");

    assertThatThrownBy(() -> client.push(registry, "my_job", Map.of("a", "9")))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "Pushgateway answered HTTP 400 to PUT http://"
                + gateway.address()
                + "/metrics/job/my_job/a/9: pushed metrics are invalid or inconsistent with"
                + " existing metrics: collected metric \"g\" { gauge:<value:0 > } was collected"
                + " before with the same name and label values");
  }

  @Test
  void delete_errorWithoutBody_saysEmptyBody() {
    gateway.answer(503, "");

    assertThatThrownBy(() -> client.delete("j"))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "Pushgateway answered HTTP 503 to DELETE http://"
                + gateway.address()
                + "/metrics/job/j: (empty body)");
  }

  @Test
  void push_errorAnswer_isNotRetried() {
    gateway.answer(503, "unavailable");

    assertThatThrownBy(() -> client.push(registry, "j")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> client.pushAdd(registry, "j")).isInstanceOf(IOException.class);

    assertThat(gateway.requests())
        .extracting(RecordingGateway.Recorded::method)
        .containsExactly("PUT", "POST");
  }

  @Test
  void push_redirect_isNotFollowedButReported() {
    gateway.redirect(307, "http://" + gateway.address() + "/elsewhere");

    assertThatThrownBy(() -> client.push(registry, "j"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Pushgateway answered HTTP 307 to PUT http://");
    assertThat(gateway.requests()).hasSize(1);
  }

  @Test
  void push_longErrorMessage_isCutWithEllipsis() {
    gateway.answer(400, "x".repeat(10_000) + "\r\nsecond line");

    assertThatThrownBy(() -> client.push(registry, "j"))
        .isInstanceOf(IOException.class)
        .satisfies(
            e -> {
              String message = e.getMessage();
              assertThat(message).endsWith(": " + "x".repeat(1000) + "...");
            });
  }

  @Test
  void push_multiLineErrorMessage_isOneLine() {
    gateway.answer(400, "first\nsecond\tthird\n");

    assertThatThrownBy(() -> client.push(registry, "j"))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("/metrics/job/j: first second third");
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 202})
  void push_successStatus_returnsNormally(int status) throws IOException {
    gateway.answer(status, "");

    client.push(registry, "j");
    client.pushAdd(registry, "j");
    client.delete("j");

    assertThat(gateway.requests()).hasSize(3);
  }

  @Test
  void push_invalidJobOrLabel_throwsIllegalArgumentAndSendsNothing() {
    assertThatThrownBy(() -> client.push(registry, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job must not be empty");
    assertThatThrownBy(() -> client.pushAdd(registry, "j", Map.of("bad-name", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"bad-name\"");
    assertThatThrownBy(() -> client.delete("j", Map.of("job", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label job");

    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void push_nullArguments_throwNullPointer() {
    assertThatThrownBy(() -> client.push(null, "j"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
    assertThatThrownBy(() -> client.push(registry, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("job");
    assertThatThrownBy(() -> client.delete("j", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("groupingKey");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void push_noAnswerWithinTimeout_throwsHttpTimeoutWithinTheTimeout() {
    gateway.hang();
    PushGateway quick =
        PushGateway.builder().address(gateway.address()).timeout(Duration.ofMillis(300)).build();
    long start = System.nanoTime();

    assertThatThrownBy(() -> quick.push(registry, "j"))
        .isInstanceOf(HttpTimeoutException.class)
        .hasMessage(
            "PUT http://"
                + gateway.address()
                + "/metrics/job/j: no answer within the timeout of 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void push_interrupted_throwsInterruptedIOExceptionAndKeepsTheInterrupt() {
    gateway.hang();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> client.push(registry, "j"))
          .isInstanceOf(InterruptedIOException.class)
          .hasMessage("PUT http://" + gateway.address() + "/metrics/job/j was interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted(); // clear it for the next test
    }
  }

  @Test
  void timeout_beyondWhatNanosecondsHold_isAcceptedAsNoPracticalLimit() throws IOException {
    PushGateway patient =
        PushGateway.builder()
            .address(gateway.address())
            .timeout(Duration.ofDays(365L * 1000))
            .build();

    patient.push(registry, "j");

    assertThat(gateway.only().method()).isEqualTo("PUT");
  }

  @Test
  void push_nobodyListening_throwsIOExceptionNamingTheRequest() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PushGateway closed = PushGateway.builder().address("127.0.0.1:" + port).build();

    assertThatThrownBy(() -> closed.push(registry, "j"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("PUT http://127.0.0.1:" + port + "/metrics/job/j failed: ")
        .hasMessageContaining("ConnectException");
  }

  @Test
  void url_andToString_showTheGatewayNeverCredentials() {
    PushGateway auth =
        PushGateway.builder()
            .url("http://" + gateway.address())
            .basicAuth("user", "s3cret")
            .build();

    assertThat(auth.url()).hasToString("http://" + gateway.address());
    assertThat(auth).hasToString("PushGateway[http://" + gateway.address() + "]");
  }

  @Test
  void build_withoutGateway_throwsIllegalState() {
    assertThatThrownBy(() -> PushGateway.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no gateway: set address(\"host:port\") or url(\"http://host:port\")");
  }

  @Test
  void build_basicAuthAndBearerToken_throwsIllegalState() {
    assertThatThrownBy(
            () ->
                PushGateway.builder()
                    .address("localhost:9091")
                    .basicAuth("u", "p")
                    .bearerToken("t")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "basicAuth and bearerToken are both set: a request carries one Authorization header");
  }

  @Test
  void build_basicAuthTwice_lastOneWins() throws IOException {
    PushGateway auth =
        PushGateway.builder()
            .address(gateway.address())
            .basicAuth("a", "b")
            .basicAuth("foo", "bar")
            .build();

    auth.delete("j");

    assertThat(gateway.only().header("Authorization")).isEqualTo("Basic Zm9vOmJhcg==");
  }

  @Test
  void build_tlsFilesForPlainHttp_throwsIllegalStateInsteadOfFallingBack() {
    assertThatThrownBy(
            () -> PushGateway.builder().address("localhost:9091").caFile(Path.of("ca.pem")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "caFile, certFile and keyFile need an https:// gateway, not http://localhost:9091");
  }

  @Test
  void build_certFileWithoutKeyFile_throwsIllegalState() {
    assertThatThrownBy(
            () ->
                PushGateway.builder()
                    .url("https://localhost:9091")
                    .certFile(Path.of("client.crt"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "certFile is set but keyFile is not: mutual TLS needs both (certFile client.crt)");
    assertThatThrownBy(
            () ->
                PushGateway.builder()
                    .url("https://localhost:9091")
                    .keyFile(Path.of("client.key"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "keyFile is set but certFile is not: mutual TLS needs both (keyFile client.key)");
  }

  @Test
  void timeout_notPositive_throwsIllegalArgument() {
    assertThatThrownBy(() -> PushGateway.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive: PT0S");
    assertThatThrownBy(() -> PushGateway.builder().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive: PT-1S");
  }
}
