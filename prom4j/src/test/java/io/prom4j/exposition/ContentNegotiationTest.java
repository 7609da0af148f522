package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Content negotiation: the Python client's observed table (python-behaviour 1.6) and unit cases
 * (4.3), every Accept header Prometheus has sent (formats.md 2.3), and the HTTP semantics we add
 * (q-values, case-insensitivity, quoting, malformed entries skipped).
 */
class ContentNegotiationTest {

  private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TEXT_100 = "text/plain; version=1.0.0; charset=utf-8; escaping=";
  private static final String OM = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String OM_ESC = OM + "; escaping=";
  private static final String PROTO =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
          + " encoding=delimited; escaping=";

  private static String contentType(String accept) {
    return ContentNegotiation.negotiate(accept).contentType();
  }

  // ---- python-behaviour 1.6: the observed Accept -> Content-Type table ----

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "*/*                                                              | " + TEXT_004,
        "text/html,application/xhtml+xml                                  | " + TEXT_004,
        "text/plain                                                       | " + TEXT_004,
        "text/plain; version=0.0.4                                        | " + TEXT_004,
        "application/openmetrics-text                                     | " + OM,
        "application/openmetrics-text; version=1.0.0; charset=utf-8       | "
            + OM_ESC
            + "underscores",
        "application/openmetrics-text;version=1.0.0                       | "
            + OM_ESC
            + "underscores",
        "application/openmetrics-text; version=1.0.0; escaping=allow-utf-8 | "
            + OM_ESC
            + "allow-utf-8",
        "application/openmetrics-text; version=1.0.0; escaping=dots       | " + OM_ESC + "dots",
        "application/openmetrics-text; version=1.0.0; escaping=bogus      | "
            + OM_ESC
            + "underscores",
        "application/openmetrics-text; version=0.0.1                      | " + TEXT_004,
        "'application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' | "
            + TEXT_004,
        "'text/plain;version=0.0.4;q=0.3,application/openmetrics-text;version=1.0.0;q=0.6' | "
            + OM_ESC
            + "underscores",
        "'text/plain;version=1.0.0,application/openmetrics-text;version=1.0.0' | "
            + TEXT_100
            + "underscores",
        "'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/"
            + "openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;"
            + "q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2' | "
            + OM_ESC
            + "allow-utf-8",
        "text/plain; version=1.0.0                                        | "
            + TEXT_100
            + "underscores",
        "text/plain; version=2.0.0                                        | "
            + TEXT_100
            + "underscores",
        "text/plain; version=1.0.0; escaping=values                       | " + TEXT_100 + "values",
      })
  void pythonTable_rowsGiveTheSameContentType(String accept, String expected) {
    assertThat(contentType(accept)).isEqualTo(expected);
  }

  @Test
  void noHeader_isText004() {
    assertThat(ContentNegotiation.negotiate(null)).isSameAs(TextFormat.v004());
  }

  @Test
  void openMetricsVersion2_isAnsweredAsVersion100_whichIsWhatWeWrite() {
    // Python echoes version=2.0.0; we say what the body is.
    assertThat(contentType("application/openmetrics-text; version=2.0.0"))
        .isEqualTo(OM_ESC + "underscores");
  }

  @Test
  void mixedCaseMediaType_isMatched_unlikePython() {
    // Python compares case-sensitively and answers text 0.0.4; media types are case-insensitive.
    assertThat(contentType("Application/OpenMetrics-Text")).isEqualTo(OM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain; version=abc", "application/openmetrics-text; version=abc"})
  void pythonServerErrorRows_malformedVersion_giveText004(String accept) {
    // Python answers 500 (it compares a str with an int); we skip the entry.
    assertThat(contentType(accept)).isEqualTo(TEXT_004);
  }

  @Test
  void pythonServerErrorRow_quotedVersion_isUnquoted() {
    assertThat(contentType("application/openmetrics-text; version=\"1.0.0\""))
        .isEqualTo(OM_ESC + "underscores");
  }

  // ---- python-behaviour 4.3: negotiation unit cases, registry with counter dotted.counter ----

  private static String body(String accept) {
    return Families.render(
        ContentNegotiation.negotiate(accept), Families.counter("dotted.counter"));
  }

  @Test
  void pythonCase_none_isText004WithUnderscores() {
    assertThat(contentType(null)).isEqualTo(TEXT_004);
    assertThat(body(null)).contains("\ndotted_counter_total 1.0\n").doesNotContain("# EOF");
  }

  @Test
  void pythonCase_text004_isText004() {
    String accept = "text/plain; version=0.0.4; charset=utf-8";
    assertThat(contentType(accept)).isEqualTo(TEXT_004);
    assertThat(body(accept)).contains("\ndotted_counter_total 1.0\n").doesNotContain("# EOF");
  }

  @Test
  void pythonCase_openMetrics100_isOpenMetricsWithUnderscores() {
    String accept = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    assertThat(contentType(accept)).isEqualTo(OM_ESC + "underscores");
    assertThat(body(accept)).contains("\ndotted_counter_total 1.0\n").endsWith("# EOF\n");
  }

  @Test
  void pythonCase_openMetricsAllowUtf8_quotesNames() {
    String accept =
        "application/openmetrics-text; version=1.0.0; charset=utf-8; " + "escaping=allow-utf-8";
    assertThat(contentType(accept)).isEqualTo(OM_ESC + "allow-utf-8");
    assertThat(body(accept)).contains("\n{\"dotted.counter_total\"} 1.0\n").endsWith("# EOF\n");
  }

  @Test
  void pythonCase_openMetricsDots_escapesFullSampleName() {
    String accept = "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=dots";
    assertThat(contentType(accept)).isEqualTo(OM_ESC + "dots");
    assertThat(body(accept)).contains("\ndotted_dot_counter__total 1.0\n");
  }

  @Test
  void pythonCase_text100_isText100WithUnderscores() {
    String accept = "text/plain; version=1.0.0; charset=utf-8";
    assertThat(contentType(accept)).isEqualTo(TEXT_100 + "underscores");
    assertThat(body(accept)).contains("\ndotted_counter_total 1.0\n");
  }

  @Test
  void pythonCase_text100AllowUtf8_quotesNames() {
    String accept = "text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8";
    assertThat(contentType(accept)).isEqualTo(TEXT_100 + "allow-utf-8");
    assertThat(body(accept))
        .contains("\n{\"dotted.counter_total\"} 1.0\n")
        .contains("# TYPE \"dotted.counter_total\" counter\n");
  }

  @Test
  void pythonCase_text100Dots_escapesWithDots() {
    String accept = "text/plain; version=1.0.0; charset=utf-8; escaping=dots";
    assertThat(contentType(accept)).isEqualTo(TEXT_100 + "dots");
    assertThat(body(accept)).contains("\ndotted_dot_counter__total 1.0\n");
  }

  @Test
  void pythonCase_openMetricsWithoutVersion_ignoresEscaping() {
    String accept = "application/openmetrics-text; charset=utf-8; escaping=allow-utf-8";
    assertThat(contentType(accept)).isEqualTo(OM);
    assertThat(body(accept)).contains("\ndotted_counter_total 1.0\n").endsWith("# EOF\n");
  }

  @Test
  void pythonCase_textWithoutVersion_isText004IgnoringEscaping() {
    String accept = "text/plain; charset=utf-8; escaping=allow-utf-8";
    assertThat(contentType(accept)).isEqualTo(TEXT_004);
    assertThat(body(accept)).contains("\ndotted_counter_total 1.0\n");
  }

  // ---- formats.md 2.3: what each Prometheus version sends, and a format it parses ----

  @ParameterizedTest(name = "Prometheus {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        // 2.x parses text 0.0.4 and OpenMetrics 1.0.0 (parser chosen by media type only).
        "2.0-2.4 | 'text/plain;version=0.0.4;q=1,*/*;q=0.1' | " + TEXT_004,
        "2.5-2.33 | 'application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,"
            + "*/*;q=0.1' | "
            + TEXT_004,
        "2.34-2.48 | 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' | "
            + OM_ESC
            + "underscores",
        "2.40 | 'application/openmetrics-text;version=1.0.0;q=0.75,application/openmetrics-text;"
            + "q=0.6,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' | "
            + OM_ESC
            + "underscores",
        "2.40 protobuf | 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
            + " encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.75,"
            + "application/openmetrics-text;q=0.6,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' | "
            + PROTO
            + "underscores",
        "2.41-2.48 protobuf | 'application/vnd.google.protobuf;proto=io.prometheus.client."
            + "MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,"
            + "*/*;q=0.1' | "
            + PROTO
            + "underscores",
        "2.49.1-2.55 | 'application/openmetrics-text;version=1.0.0;q=0.5,application/"
            + "openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2' | "
            + OM_ESC
            + "underscores",
        // 2.49.0 sent */*;q=2: clamped to 1, it outranks the rest; text 0.0.4 still parses.
        "2.49.0 | 'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;"
            + "version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=2' | "
            + TEXT_004,
        "2.49.1-2.55 proto-first | 'application/vnd.google.protobuf;proto=io.prometheus.client."
            + "MetricFamily;encoding=delimited;q=0.5,application/openmetrics-text;version=1.0.0;"
            + "q=0.4,application/openmetrics-text;version=0.0.1;q=0.3,text/plain;version=0.0.4;"
            + "q=0.2,*/*;q=0.1' | "
            + PROTO
            + "underscores",
        // 2.55 with utf8 validation asked for UTF-8 names and parses them.
        "2.55 utf8 | 'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;escaping=allow-utf-8;q=0.4,text/plain;"
            + "version=0.0.4;escaping=allow-utf-8;q=0.3,*/*;q=0.2' | "
            + OM_ESC
            + "allow-utf-8",
        // 3.x parses OpenMetrics with quoted UTF-8 names.
        "3.0-3.2 | 'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;escaping=allow-utf-8;q=0.5,text/plain;"
            + "version=1.0.0;escaping=allow-utf-8;escaping=allow-utf-8;q=0.4,text/plain;"
            + "version=0.0.4;escaping=allow-utf-8;q=0.3,*/*;q=0.2' | "
            + OM_ESC
            + "allow-utf-8",
        "3.3 | 'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;escaping=allow-utf-8;q=0.5,text/plain;"
            + "version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;"
            + "escaping=allow-utf-8;q=0.3,*/*;q=0.2' | "
            + OM_ESC
            + "allow-utf-8",
        "3.4+ | 'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;"
            + "escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2' | "
            + OM_ESC
            + "allow-utf-8",
        "3.4+ proto-first | 'application/vnd.google.protobuf;proto=io.prometheus.client."
            + "MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;"
            + "escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;"
            + "q=0.2,*/*;q=0.1' | "
            + PROTO
            + "underscores", // no escaping on the protobuf entry: underscores, as client_golang
        "3.4+ legacy | 'application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;"
            + "escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2' | "
            + OM_ESC
            + "underscores",
        // scrape_protocols without OpenMetrics: text 1.0.0 (3.0-3.2 repeat the parameter).
        "3.0-3.2 text only | 'text/plain;version=1.0.0;escaping=allow-utf-8;escaping=allow-utf-8;"
            + "q=0.3,*/*;q=0.2' | "
            + TEXT_100
            + "allow-utf-8",
        "3.4+ text only | 'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;"
            + "version=0.0.4;q=0.2,*/*;q=0.1' | "
            + TEXT_100
            + "allow-utf-8",
      })
  void prometheusAcceptHeaders_getAFormatThatVersionParses(
      String version, String accept, String expected) {
    assertThat(contentType(accept)).as(version).isEqualTo(expected);
  }

  // ---- protobuf ----

  @Test
  void protobuf_withoutDelimitedEncodingOrOtherMessage_notChosen() {
    assertThat(
            contentType("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily"))
        .isEqualTo(TEXT_004);
    assertThat(
            contentType(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                    + "encoding=text"))
        .isEqualTo(TEXT_004);
    assertThat(
            contentType("application/vnd.google.protobuf;proto=other.Message;encoding=delimited"))
        .isEqualTo(TEXT_004);
  }

  @Test
  void protobuf_lowerQThanOpenMetrics_openMetricsWins() {
    assertThat(
            contentType(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                    + "encoding=delimited;q=0.4,application/openmetrics-text;version=1.0.0;q=0.5"))
        .isEqualTo(OM_ESC + "underscores");
  }

  @Test
  void protobuf_escapingParameter_honoured() {
    assertThat(
            contentType(
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                    + " encoding=delimited; escaping=allow-utf-8"))
        .isEqualTo(PROTO + "allow-utf-8");
    assertThat(
            ContentNegotiation.negotiate(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                    + "encoding=delimited"))
        .isInstanceOf(ProtobufFormat.class);
  }

  @Test
  void negotiate_createdSeriesRequested_textFormatsWriteCreated() {
    assertThat(((TextFormat) ContentNegotiation.negotiate(null, true)).createdSeries()).isTrue();
    assertThat(((TextFormat) ContentNegotiation.negotiate("text/plain", true)).createdSeries())
        .isTrue();
    assertThat(
            ((OpenMetricsFormat)
                    ContentNegotiation.negotiate(
                        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8", true))
                .createdSeries())
        .isTrue();
    assertThat(
            ((OpenMetricsFormat)
                    ContentNegotiation.negotiate("application/openmetrics-text", false))
                .createdSeries())
        .isFalse();
    assertThat(ContentNegotiation.negotiate("application/openmetrics-text", true).contentType())
        .isEqualTo(OM);
  }

  // ---- q-values and robustness ----

  @Test
  void higherQ_laterInHeader_wins() {
    assertThat(
            contentType(
                "text/plain;version=1.0.0;q=0.2,application/openmetrics-text;"
                    + "version=1.0.0;q=0.9"))
        .isEqualTo(OM_ESC + "underscores");
    assertThat(contentType("text/plain;q=0.1, text/plain;version=1.0.0;q=0.5"))
        .isEqualTo(TEXT_100 + "underscores");
  }

  @Test
  void equalQ_firstEntryWins() {
    assertThat(
            contentType(
                "text/plain;version=1.0.0;q=0.5,application/openmetrics-text;"
                    + "version=1.0.0;q=0.5"))
        .isEqualTo(TEXT_100 + "underscores");
    assertThat(contentType("text/plain;q=0.5,application/openmetrics-text;q=0.5"))
        .isEqualTo(TEXT_004);
  }

  @Test
  void missingQ_countsAsOne() {
    assertThat(contentType("text/plain;version=1.0.0;q=0.99,application/openmetrics-text"))
        .isEqualTo(OM);
  }

  @Test
  void qZero_isNeverChosen() {
    assertThat(contentType("application/openmetrics-text;version=1.0.0;q=0")).isEqualTo(TEXT_004);
    assertThat(contentType("application/openmetrics-text;q=0.0,text/plain;version=1.0.0;q=0.1"))
        .isEqualTo(TEXT_100 + "underscores");
  }

  @Test
  void mediaTypesAndParameterNames_areCaseInsensitive() {
    assertThat(contentType("TEXT/Plain;VERSION=1.0.0;Escaping=Allow-UTF-8"))
        .isEqualTo(TEXT_100 + "allow-utf-8");
    assertThat(contentType("application/OPENMETRICS-text;Version=1.0.0;Q=0.5"))
        .isEqualTo(OM_ESC + "underscores");
  }

  @Test
  void spacesAndQuotedValues_areTolerated() {
    assertThat(
            contentType(
                "  application/openmetrics-text ; version = \"1.0.0\" ; "
                    + "escaping=\"values\" ; q = 0.7 , text/plain ; q=0.6"))
        .isEqualTo(OM_ESC + "values");
  }

  @Test
  void malformedVersion_skipsThatEntryOnly() {
    assertThat(contentType("application/openmetrics-text;version=abc,text/plain;version=1.0.0"))
        .isEqualTo(TEXT_100 + "underscores");
    assertThat(
            contentType(
                "application/openmetrics-text;version=1..0,"
                    + "application/openmetrics-text;version=1.0.0-rc0,text/plain;version=1.0.0;q=0.1"))
        .isEqualTo(TEXT_100 + "underscores");
  }

  @Test
  void lowerVersions_areSkipped_pythonTupleOrder() {
    for (String v : new String[] {"0.0.1", "1", "1.0", "0.9.9"}) {
      assertThat(contentType("application/openmetrics-text;version=" + v))
          .as(v)
          .isEqualTo(TEXT_004);
    }
    assertThat(contentType("application/openmetrics-text;version=1.0.0.1"))
        .isEqualTo(OM_ESC + "underscores");
    assertThat(contentType("application/openmetrics-text;version=1.1"))
        .isEqualTo(OM_ESC + "underscores");
    assertThat(contentType("text/plain;version=0.0.3,application/openmetrics-text;q=0.1"))
        .isEqualTo(OM);
  }

  @Test
  void malformedQ_skipsThatEntry() {
    assertThat(contentType("application/openmetrics-text;q=high,text/plain;version=1.0.0;q=0.1"))
        .isEqualTo(TEXT_100 + "underscores");
  }

  @Test
  void duplicatedParameters_lastOneCounts() {
    assertThat(contentType("text/plain;version=1.0.0;escaping=allow-utf-8;escaping=dots"))
        .isEqualTo(TEXT_100 + "dots");
  }

  @Test
  void wildcards_areText004AtTheirQ() {
    assertThat(contentType("text/*")).isEqualTo(TEXT_004);
    assertThat(contentType("*/*;q=0.9,application/openmetrics-text;q=0.8")).isEqualTo(TEXT_004);
    assertThat(contentType("application/*")).isEqualTo(TEXT_004);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        ",",
        ";;",
        "text/plain;;version",
        "image/png",
        "application/json;q=1",
        "text/plain;version=1.0.0;q=",
        "\"",
        "text/plain;version=\"1.0.0"
      })
  void junk_givesAValidFormat(String accept) {
    assertThat(ContentNegotiation.negotiate(accept).contentType()).startsWith("text/plain; ");
  }

  @Test
  void parametersWithoutValue_areIgnored() {
    assertThat(contentType("text/plain; charset; version=1.0.0"))
        .isEqualTo(TEXT_100 + "underscores");
  }

  @Test
  void formats_areSharedInstances() {
    String accept = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8";
    assertThat(ContentNegotiation.negotiate(accept)).isSameAs(ContentNegotiation.negotiate(accept));
    assertThat(ContentNegotiation.negotiate("text/plain;version=1.0.0"))
        .isSameAs(ContentNegotiation.negotiate("text/plain; version=2.0.0"));
    assertThat(ContentNegotiation.negotiate("*/*")).isSameAs(TextFormat.v004());
  }

  @Test
  void negotiatedFormats_carryTheirEscaping() {
    assertThat(ContentNegotiation.negotiate("text/plain;version=1.0.0;escaping=values"))
        .isInstanceOfSatisfying(
            TextFormat.class, f -> assertThat(f.escaping()).isEqualTo(EscapingScheme.VALUES));
    assertThat(
            ContentNegotiation.negotiate(
                "application/openmetrics-text;version=1.0.0;" + "escaping=allow-utf-8"))
        .isInstanceOfSatisfying(
            OpenMetricsFormat.class,
            f -> assertThat(f.escaping()).isEqualTo(EscapingScheme.ALLOW_UTF8));
  }

  // ---- gzip ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gzip",
        "GZIP",
        " gzip ",
        "deflate, gzip;q=1.0, *;q=0.5",
        "x-gzip",
        "*",
        "gzip;q=0.001",
        "br, *;q=0.1",
        "identity, gzip",
        "gzip ; q=0.5"
      })
  void gzipAccepted_whenGzipOrWildcardHasPositiveQ(String acceptEncoding) {
    assertThat(ContentNegotiation.gzipAccepted(acceptEncoding)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "identity",
        "br",
        "deflate",
        "gzip;q=0",
        "gzip;q=0.0",
        "gzip;q=0, *",
        "*;q=0",
        "*, gzip;q=0",
        "gzipx",
        "gzip;q=bad"
      })
  void gzipRefused_whenNotAllowed(String acceptEncoding) {
    assertThat(ContentNegotiation.gzipAccepted(acceptEncoding)).isFalse();
  }

  @Test
  void gzipRefused_withoutHeader() {
    assertThat(ContentNegotiation.gzipAccepted(null)).isFalse();
  }
}
