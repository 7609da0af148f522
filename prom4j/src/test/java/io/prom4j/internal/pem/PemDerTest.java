package io.prom4j.internal.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** {@link PemDer}: the DER subset the key loader relies on. */
class PemDerTest {

  @Test
  void encodeOid_thenRead_roundTripsDottedForm() throws PemException {
    for (String oid :
        new String[] {"1.2.840.10045.2.1", "1.3.101.112", "1.2.840.113549.1.1.1", "2.999.1"}) {
      assertThat(PemDer.Reader.of(PemDer.encodeOid(oid)).next().oid()).isEqualTo(oid);
    }
  }

  @Test
  void encodeOid_ecPublicKey_matchesTheKnownEncoding() {
    assertThat(PemDer.encodeOid("1.2.840.10045.2.1"))
        .containsExactly(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
  }

  @Test
  void encode_longContent_usesLongFormLength() throws PemException {
    byte[] der = PemDer.encode(PemDer.OCTET_STRING, new byte[300]);

    assertThat(der).startsWith(0x04, 0x82, 0x01, 0x2c);
    PemDer.Element element = PemDer.Reader.of(der).next();
    assertThat(element.content()).hasSize(300);
  }

  @Test
  void reader_walksSequenceChildren() throws PemException {
    byte[] der =
        PemDer.encode(
            PemDer.SEQUENCE,
            PemDer.encode(PemDer.INTEGER, new byte[] {5}),
            PemDer.encode(PemDer.NULL));
    PemDer.Reader children =
        PemDer.Reader.of(der).next().expect(PemDer.SEQUENCE, "SEQUENCE").children();

    assertThat(children.next().integer()).isEqualTo(BigInteger.valueOf(5));
    assertThat(children.next().tag()).isEqualTo(PemDer.NULL);
    assertThat(children.hasMore()).isFalse();
  }

  @Test
  void reader_malformedInput_throwsPemException() {
    assertThatThrownBy(() -> PemDer.Reader.of(new byte[] {0x30}).next())
        .isInstanceOf(PemException.class)
        .hasMessage("malformed DER: missing length");
    assertThatThrownBy(() -> PemDer.Reader.of(new byte[] {0x30, (byte) 0x80}).next())
        .isInstanceOf(PemException.class)
        .hasMessage("malformed DER: unsupported length encoding");
    assertThatThrownBy(() -> PemDer.Reader.of(new byte[] {0x02, 0x01, 0x05}).next().oid())
        .isInstanceOf(PemException.class)
        .hasMessage("malformed DER: expected OBJECT IDENTIFIER but found tag 0x2");
    assertThatThrownBy(() -> PemDer.Reader.of(new byte[] {0x06, 0x01, (byte) 0x81}).next().oid())
        .isInstanceOf(PemException.class)
        .hasMessage("malformed DER: truncated OBJECT IDENTIFIER");
  }
}
