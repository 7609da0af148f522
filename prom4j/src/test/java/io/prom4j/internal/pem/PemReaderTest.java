package io.prom4j.internal.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PemReader}: block splitting as OpenSSL does it. */
class PemReaderTest {

  private static List<PemReader.Block> parse(String text) throws PemException {
    return PemReader.parse(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void parse_textAroundBlocksAndCrLf_isIgnored() throws PemException {
    List<PemReader.Block> blocks =
        parse(
            "Bag Attributes\r\n    friendlyName: server\r\n"
                + "-----BEGIN CERTIFICATE-----\r\nAQID\r\n-----END CERTIFICATE-----\r\n"
                + "subject=CN = x\n"
                + "-----BEGIN PRIVATE KEY-----\nBAUG\n-----END PRIVATE KEY-----");

    assertThat(blocks)
        .extracting(PemReader.Block::type)
        .containsExactly("CERTIFICATE", "PRIVATE KEY");
    assertThat(blocks.get(0).der()).containsExactly(1, 2, 3);
    assertThat(blocks.get(1).der()).containsExactly(4, 5, 6);
  }

  @Test
  void parse_rfc1421Headers_areKeptApartFromTheContent() throws PemException {
    PemReader.Block block =
        parse(
                "-----BEGIN RSA PRIVATE KEY-----\n"
                    + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n"
                    + "-----END RSA PRIVATE KEY-----\n")
            .get(0);

    assertThat(block.headers())
        .containsEntry("Proc-Type", "4,ENCRYPTED")
        .containsEntry("DEK-Info", "AES-128-CBC,00");
    assertThat(block.der()).containsExactly(1, 2, 3);
  }

  @Test
  void parse_mismatchedEndLine_isAnError() {
    assertThatThrownBy(() -> parse("-----BEGIN CERTIFICATE-----\nAQID\n-----END X509 CRL-----\n"))
        .isInstanceOf(PemException.class)
        .hasMessage("PEM block 'CERTIFICATE' is closed by an END line for 'X509 CRL'");
  }

  @Test
  void parse_invalidBase64_isAnError() {
    assertThatThrownBy(() -> parse("-----BEGIN CERTIFICATE-----\nA*ID\n-----END CERTIFICATE-----"))
        .isInstanceOf(PemException.class)
        .hasMessage("PEM block 'CERTIFICATE' has invalid base64 content");
  }

  @Test
  void parse_newBeginBeforeEnd_isTruncatedBlock() {
    assertThatThrownBy(
            () ->
                parse(
                    "-----BEGIN CERTIFICATE-----\nAQID\n"
                        + "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(PemException.class)
        .hasMessage(
            "PEM block 'CERTIFICATE' has no '-----END CERTIFICATE-----' line"
                + " (truncated file?)");
  }

  @Test
  void describe_listsDistinctTypesOrExplainsEmptyAndBinaryFiles() throws PemException {
    String two = "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
    byte[] text = (two + two).getBytes(StandardCharsets.US_ASCII);

    assertThat(PemReader.describe(PemReader.parse(text), text))
        .isEqualTo("found only 'CERTIFICATE'");
    assertThat(PemReader.describe(List.of(), new byte[0])).isEqualTo("the file is empty");
    assertThat(PemReader.describe(List.of(), new byte[] {0x30, 0x03}))
        .startsWith("the file is binary DER, not PEM");
    assertThat(PemReader.describe(List.of(), "hello".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("the file contains no PEM block");
  }
}
