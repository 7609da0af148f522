package io.prom4j.internal.pem;

import static io.prom4j.testing.TestCertificates.KeyKind.EC;
import static io.prom4j.testing.TestCertificates.KeyKind.ED25519;
import static io.prom4j.testing.TestCertificates.KeyKind.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prom4j.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PemKeys}: every accepted encoding, and keys written by the real openssl tool. */
class PemKeysTest {

  @TempDir Path dir;

  private static PrivateKey read(Path file, char[] password) throws Exception {
    return PemKeys.read(Files.readAllBytes(file), password);
  }

  private static void assertPair(PrivateKey read, KeyPair expected) {
    assertThat(read.getAlgorithm()).isEqualTo(expected.getPrivate().getAlgorithm());
    assertThat(PemKeys.matches(read, expected.getPublic())).isTrue();
  }

  @Test
  void read_everyFormat_givesTheKeyOfThePair() throws Exception {
    KeyPair rsa = TestCertificates.keyPair(RSA);
    KeyPair ec = TestCertificates.keyPair(EC);
    KeyPair ed = TestCertificates.keyPair(ED25519);
    char[] password = "pw".toCharArray();

    assertPair(read(TestCertificates.writePkcs8(dir.resolve("a"), rsa.getPrivate()), null), rsa);
    assertPair(read(TestCertificates.writePkcs1(dir.resolve("b"), rsa.getPrivate()), null), rsa);
    assertPair(
        read(TestCertificates.writeSec1(dir.resolve("c"), ec.getPrivate(), false), null), ec);
    assertPair(read(TestCertificates.writeSec1(dir.resolve("d"), ec.getPrivate(), true), null), ec);
    assertPair(read(TestCertificates.writePkcs8(dir.resolve("e"), ed.getPrivate()), null), ed);
    assertPair(
        read(
            TestCertificates.writeEncryptedPkcs8(dir.resolve("f"), ec.getPrivate(), password),
            password),
        ec);
    assertPair(
        read(
            TestCertificates.writeEncryptedPkcs8(dir.resolve("g"), rsa.getPrivate(), password),
            password),
        rsa);
  }

  @Test
  void matches_ownPublicKey_isTrueAndOtherKeysFalse() {
    KeyPair rsa = TestCertificates.keyPair(RSA);
    KeyPair ec = TestCertificates.keyPair(EC);
    KeyPair ed = TestCertificates.keyPair(ED25519);

    assertThat(PemKeys.matches(rsa.getPrivate(), rsa.getPublic())).isTrue();
    assertThat(PemKeys.matches(ec.getPrivate(), ec.getPublic())).isTrue();
    assertThat(PemKeys.matches(ed.getPrivate(), ed.getPublic())).isTrue();
    assertThat(PemKeys.matches(ec.getPrivate(), TestCertificates.keyPair(EC).getPublic()))
        .isFalse();
    assertThat(PemKeys.matches(ed.getPrivate(), rsa.getPublic())).isFalse();
  }

  @Test
  void read_sec1WithoutCurve_explainsHowToConvert() {
    byte[] sec1 =
        PemDer.encode(
            PemDer.SEQUENCE,
            PemDer.encode(PemDer.INTEGER, new byte[] {1}),
            PemDer.encode(PemDer.OCTET_STRING, new byte[32]));
    byte[] file = TestCertificates.pem("EC PRIVATE KEY", sec1).getBytes();

    assertThatThrownBy(() -> PemKeys.read(file, null))
        .isInstanceOf(PemException.class)
        .hasMessage(
            "the 'EC PRIVATE KEY' key names no curve (no parameters and no"
                + " 'EC PARAMETERS' block); convert it to PKCS#8 with"
                + " 'openssl pkcs8 -topk8 -nocrypt'");
  }

  @Test
  void read_malformedDer_saysMalformed() {
    byte[] file = TestCertificates.pem("PRIVATE KEY", new byte[] {0x30, 0x05, 0x02}).getBytes();

    assertThatThrownBy(() -> PemKeys.read(file, null))
        .isInstanceOf(PemException.class)
        .hasMessage("malformed DER: element longer than its container");
  }

  // ---- keys written by openssl itself ----

  private static boolean opensslAvailable() {
    try {
      Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("openssl %s: %s", args, output).isZero();
  }

  private PublicKey publicKey(String keyFile, String algorithm) throws Exception {
    openssl("pkey", "-in", keyFile, "-pubout", "-out", keyFile + ".pub");
    List<PemReader.Block> blocks =
        PemReader.parse(Files.readAllBytes(dir.resolve(keyFile + ".pub")));
    return KeyFactory.getInstance(algorithm)
        .generatePublic(new X509EncodedKeySpec(blocks.get(0).der()));
  }

  private void assertReadsAndMatches(
      String file, char[] password, String publicOf, String algorithm) throws Exception {
    PrivateKey key = read(dir.resolve(file), password);
    assertThat(PemKeys.matches(key, publicKey(publicOf, algorithm))).as(file).isTrue();
  }

  @Test
  void read_opensslRsaKeys_pkcs8Pkcs1AndEncrypted() throws Exception {
    assumeTrue(opensslAvailable(), "openssl not installed");
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem");
    openssl("rsa", "-in", "rsa.pem", "-traditional", "-out", "rsa-pkcs1.pem");
    openssl("pkcs8", "-topk8", "-in", "rsa.pem", "-out", "rsa-enc.pem", "-passout", "pass:secret");
    openssl(
        "pkcs8",
        "-topk8",
        "-in",
        "rsa.pem",
        "-out",
        "rsa-enc-aes128-sha1.pem",
        "-v2",
        "aes-128-cbc",
        "-v2prf",
        "hmacWithSHA1",
        "-passout",
        "pass:secret");

    assertThat(Files.readString(dir.resolve("rsa-pkcs1.pem")))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertReadsAndMatches("rsa.pem", null, "rsa.pem", "RSA");
    assertReadsAndMatches("rsa-pkcs1.pem", null, "rsa.pem", "RSA");
    assertReadsAndMatches("rsa-enc.pem", "secret".toCharArray(), "rsa.pem", "RSA");
    assertReadsAndMatches("rsa-enc-aes128-sha1.pem", "secret".toCharArray(), "rsa.pem", "RSA");
  }

  @Test
  void read_opensslEcKeys_ecparamGenkeyAndPkcs8() throws Exception {
    assumeTrue(opensslAvailable(), "openssl not installed");
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec-sec1.pem");
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", "ec-sec1.pem", "-out", "ec-pkcs8.pem");
    openssl("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "ec384.pem");

    assertThat(Files.readString(dir.resolve("ec-sec1.pem")))
        .startsWith("-----BEGIN EC PARAMETERS-----");
    assertReadsAndMatches("ec-sec1.pem", null, "ec-sec1.pem", "EC");
    assertReadsAndMatches("ec-pkcs8.pem", null, "ec-sec1.pem", "EC");
    assertReadsAndMatches("ec384.pem", null, "ec384.pem", "EC");
  }

  @Test
  void read_opensslEd25519Key() throws Exception {
    assumeTrue(opensslAvailable(), "openssl not installed");
    openssl("genpkey", "-algorithm", "ED25519", "-out", "ed.pem");

    assertReadsAndMatches("ed.pem", null, "ed.pem", "Ed25519");
  }

  @Test
  void read_opensslScryptEncryptedKey_isUnsupportedEncryption() throws Exception {
    assumeTrue(opensslAvailable(), "openssl not installed");
    openssl("genpkey", "-algorithm", "ED25519", "-out", "ed.pem");
    openssl(
        "pkcs8",
        "-topk8",
        "-scrypt",
        "-in",
        "ed.pem",
        "-out",
        "ed-scrypt.pem",
        "-passout",
        "pass:secret");

    assertThatThrownBy(() -> read(dir.resolve("ed-scrypt.pem"), "secret".toCharArray()))
        .isInstanceOf(PemException.class)
        // The parenthesis holds the JDK's own reason, which varies between JDK versions.
        .hasMessageStartingWith("unsupported or malformed key encryption (")
        .hasMessageEndingWith(
            "); supported is PBES2 with PBKDF2 and AES, what"
                + " 'openssl pkcs8 -topk8' writes by default");
  }
}
