package io.prom4j.internal.tls;

import static io.prom4j.testing.TestCertificates.KeyKind.EC;
import static io.prom4j.testing.TestCertificates.KeyKind.RSA;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prom4j.testing.TestCertificates;
import io.prom4j.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServerTls#load} fails fast, naming the file, its role and the problem. */
class ServerTlsLoadTest {

  @TempDir Path dir;
  private Issued ca;
  private Issued server;
  private Path cert;
  private Path key;

  @BeforeEach
  void createMaterial() {
    ca = TestCertificates.rootCa("Test CA");
    server = TestCertificates.server(ca, EC);
    cert = TestCertificates.writeCertificates(dir.resolve("server.crt"), server.certificate());
    key = TestCertificates.writePkcs8(dir.resolve("server.key"), server.privateKey());
  }

  private static TlsSettings settings(Path cert, Path key) {
    return new TlsSettings(cert, key, null, false, null, null, null, null);
  }

  private TlsSettings clientCas(Path caFile, Path caPath) {
    return new TlsSettings(cert, key, null, true, caFile, caPath, null, null);
  }

  @Test
  void load_missingCertFile_namesFileAndRole() {
    Path missing = dir.resolve("nope.crt");

    assertThatThrownBy(() -> ServerTls.load(settings(missing, key)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server certificate file '" + missing + "' (certFile):" + " no such file");
  }

  @Test
  void load_missingKeyFile_namesFileAndRole() {
    Path missing = dir.resolve("nope.key");

    assertThatThrownBy(() -> ServerTls.load(settings(cert, missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server private key file '" + missing + "' (keyFile):" + " no such file");
  }

  @Test
  void load_certFileIsDirectory_saysSo() {
    assertThatThrownBy(() -> ServerTls.load(settings(dir, key)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server certificate file '"
                + dir
                + "' (certFile):"
                + " is a directory, not a file");
  }

  @Test
  void load_certAndKeySwapped_saysWhichBlockIsMissingAndWhatWasFound() {
    assertThatThrownBy(() -> ServerTls.load(settings(key, cert)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server certificate file '"
                + key
                + "' (certFile):"
                + " no PEM 'CERTIFICATE' block; found only 'PRIVATE KEY'");
  }

  @Test
  void load_keyFileWithoutKey_listsAcceptedBlocks() {
    assertThatThrownBy(() -> ServerTls.load(settings(cert, cert)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server private key file '"
                + cert
                + "' (keyFile):"
                + " no PEM private key block ('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY',"
                + " 'RSA PRIVATE KEY' or 'EC PRIVATE KEY'); found only 'CERTIFICATE'");
  }

  @Test
  void load_emptyCertFile_saysEmpty() {
    Path empty = TestCertificates.write(dir.resolve("empty.crt"), "");

    assertThatThrownBy(() -> ServerTls.load(settings(empty, key)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server certificate file '"
                + empty
                + "' (certFile):"
                + " no PEM 'CERTIFICATE' block; the file is empty");
  }

  @Test
  void load_derCertFile_suggestsConversion() throws Exception {
    Path der = Files.write(dir.resolve("server.der"), server.certificate().getEncoded());

    assertThatThrownBy(() -> ServerTls.load(settings(der, key)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server certificate file '"
                + der
                + "' (certFile):"
                + " no PEM 'CERTIFICATE' block; the file is binary DER, not PEM (convert it with"
                + " 'openssl x509 -outform PEM' or 'openssl pkey -outform PEM')");
  }

  @Test
  void load_truncatedCertFile_saysEndLineIsMissing() throws Exception {
    String full = Files.readString(cert);
    Path half =
        TestCertificates.write(dir.resolve("half.crt"), full.substring(0, full.length() / 2));

    assertThatThrownBy(() -> ServerTls.load(settings(half, key)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server certificate file '"
                + half
                + "' (certFile):"
                + " PEM block 'CERTIFICATE' has no '-----END CERTIFICATE-----' line"
                + " (truncated file?)");
  }

  @Test
  void load_certificateBlockWithGarbage_saysItIsNotX509() {
    Path garbage =
        TestCertificates.write(
            dir.resolve("garbage.crt"),
            TestCertificates.pem("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));

    assertThatThrownBy(() -> ServerTls.load(settings(garbage, key)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot load server certificate file '"
                + garbage
                + "' (certFile): certificate #1 is not a valid X.509 certificate: ");
  }

  @Test
  void load_dsaKey_isUnsupportedKeyType() throws Exception {
    KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
    dsa.initialize(2048);
    Path dsaKey =
        TestCertificates.writePkcs8(dir.resolve("dsa.key"), dsa.generateKeyPair().getPrivate());

    assertThatThrownBy(() -> ServerTls.load(settings(cert, dsaKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server private key file '"
                + dsaKey
                + "' (keyFile):"
                + " unsupported key type DSA (OID 1.2.840.10040.4.1); supported are RSA, EC,"
                + " Ed25519 and Ed448");
  }

  @Test
  void load_keyOfAnotherCertificateSameType_isMismatch() {
    Path otherKey =
        TestCertificates.writePkcs8(
            dir.resolve("other.key"), TestCertificates.keyPair(EC).getPrivate());

    assertThatThrownBy(() -> ServerTls.load(settings(cert, otherKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The server private key file '"
                + otherKey
                + "' (keyFile) does not match"
                + " the first certificate in '"
                + cert
                + "' (certFile, subject CN=localhost):"
                + " the key is EC, the certificate's public key is EC but a test signature does"
                + " not verify");
  }

  @Test
  void load_keyOfAnotherType_isMismatchNamingBothTypes() {
    Path rsaKey =
        TestCertificates.writePkcs8(
            dir.resolve("rsa.key"), TestCertificates.keyPair(RSA).getPrivate());

    assertThatThrownBy(() -> ServerTls.load(settings(cert, rsaKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The server private key file '"
                + rsaKey
                + "' (keyFile) does not match"
                + " the first certificate in '"
                + cert
                + "' (certFile, subject CN=localhost):"
                + " the key is RSA, the certificate's public key is EC");
  }

  @Test
  void load_encryptedKeyWithoutPassword_asksForKeyPassword() {
    Path encrypted =
        TestCertificates.writeEncryptedPkcs8(
            dir.resolve("enc.key"), server.privateKey(), "s3cret".toCharArray());

    assertThatThrownBy(() -> ServerTls.load(settings(cert, encrypted)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server private key file '"
                + encrypted
                + "' (keyFile):"
                + " the key is encrypted ('ENCRYPTED PRIVATE KEY') but no keyPassword is set");
  }

  @Test
  void load_encryptedKeyWithWrongPassword_saysWrongPassword() {
    Path encrypted =
        TestCertificates.writeEncryptedPkcs8(
            dir.resolve("enc.key"), server.privateKey(), "s3cret".toCharArray());

    assertThatThrownBy(
            () ->
                ServerTls.load(
                    new TlsSettings(
                        cert, encrypted, "guess".toCharArray(), false, null, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server private key file '"
                + encrypted
                + "' (keyFile):"
                + " cannot decrypt the key with the given keyPassword (wrong password or corrupt"
                + " file)");
  }

  @Test
  void load_legacyEncryptedPem_pointsToPkcs8Conversion() {
    Path legacy =
        TestCertificates.write(
            dir.resolve("legacy.key"),
            "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n"
                + "\n"
                + "AAECAwQFBgcICQoLDA0ODw==\n"
                + "-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> ServerTls.load(settings(cert, legacy)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load server private key file '"
                + legacy
                + "' (keyFile):"
                + " legacy OpenSSL PEM encryption ('Proc-Type: 4,ENCRYPTED' in 'RSA PRIVATE KEY')"
                + " is not supported; convert the key to encrypted PKCS#8 with"
                + " 'openssl pkcs8 -topk8 -in old.key -out new.key'");
  }

  @Test
  void load_missingClientCaFile_namesFileAndRole() {
    Path missing = dir.resolve("nope-ca.pem");

    assertThatThrownBy(() -> ServerTls.load(clientCas(missing, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot load client CA file '" + missing + "' (clientCaFile): no such file");
  }

  @Test
  void load_clientCaFileWithoutCertificate_isRejectedEvenWithoutClientAuth() {
    Path notCa = TestCertificates.write(dir.resolve("ca.pem"), "not a certificate\n");

    assertThatThrownBy(
            () -> ServerTls.load(new TlsSettings(cert, key, null, false, notCa, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load client CA file '"
                + notCa
                + "' (clientCaFile):"
                + " no PEM 'CERTIFICATE' block; the file contains no PEM block");
  }

  @Test
  void load_clientCaPathIsFile_saysNotADirectory() {
    Path caFile = TestCertificates.writeCertificates(dir.resolve("ca.pem"), ca.certificate());

    assertThatThrownBy(() -> ServerTls.load(clientCas(null, caFile)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load client CA directory '"
                + caFile
                + "' (clientCaPath):"
                + " not a directory");
  }

  @Test
  void load_clientCaPathMissing_saysNoSuchDirectory() {
    Path missing = dir.resolve("no-cas");

    assertThatThrownBy(() -> ServerTls.load(clientCas(null, missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load client CA directory '"
                + missing
                + "' (clientCaPath):"
                + " no such directory");
  }

  @Test
  void load_clientCaPathWithoutCertificates_saysHowManyFilesWereChecked() throws Exception {
    Path caDir = Files.createDirectory(dir.resolve("cas"));
    TestCertificates.write(caDir.resolve("README"), "nothing here\n");
    TestCertificates.writePkcs8(caDir.resolve("stray.key"), server.privateKey());

    assertThatThrownBy(() -> ServerTls.load(clientCas(null, caDir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load client CA directory '"
                + caDir
                + "' (clientCaPath):"
                + " contains no PEM certificate (2 files checked)");
  }

  @Test
  void load_clientCaPathWithBrokenCertificate_namesTheFile() throws Exception {
    Path caDir = Files.createDirectory(dir.resolve("cas"));
    Path broken =
        TestCertificates.write(caDir.resolve("1a2b3c4d.0"), "-----BEGIN CERTIFICATE-----\nMIIB\n");

    assertThatThrownBy(() -> ServerTls.load(clientCas(null, caDir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load client CA directory '"
                + caDir
                + "' (clientCaPath): file '"
                + broken.getFileName()
                + "': PEM block 'CERTIFICATE' has no"
                + " '-----END CERTIFICATE-----' line (truncated file?)");
  }

  @Test
  void load_unknownVersion_listsAllowedVersions() {
    assertThatThrownBy(
            () ->
                ServerTls.load(new TlsSettings(cert, key, null, false, null, null, "TLS12", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tlsMinVersion must be one of TLSv1.2, TLSv1.3: TLS12");
  }

  @Test
  void load_minAboveMax_isIllegalState() {
    assertThatThrownBy(
            () ->
                ServerTls.load(
                    new TlsSettings(cert, key, null, false, null, null, "TLSv1.3", "TLSv1.2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tlsMinVersion TLSv1.3 must not be above tlsMaxVersion TLSv1.2");
  }

  @Test
  void load_keyFileNotSet_isIllegalState() {
    assertThatThrownBy(() -> ServerTls.load(settings(cert, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("TLS needs both certFile and keyFile: keyFile is not set");
  }

  @Test
  void load_nullSettings_isRejected() {
    assertThatThrownBy(() -> ServerTls.load(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("settings must not be null");
  }
}
