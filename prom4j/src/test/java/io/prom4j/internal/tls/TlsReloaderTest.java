package io.prom4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsReloader#fingerprint}: what counts as "the files changed". */
class TlsReloaderTest {

  @TempDir Path dir;

  @Test
  void fingerprint_changesWithContentNotWithRewriteOfSameBytes() {
    Path cert = TestCertificates.write(dir.resolve("c"), "cert");
    Path key = TestCertificates.write(dir.resolve("k"), "key");
    TlsSettings settings = new TlsSettings(cert, key, null, false, null, null, null, null);
    byte[] before = TlsReloader.fingerprint(settings);

    TestCertificates.write(cert, "cert");
    assertThat(TlsReloader.fingerprint(settings)).isEqualTo(before);
    TestCertificates.write(cert, "cerT");
    assertThat(TlsReloader.fingerprint(settings)).isNotEqualTo(before);
  }

  @Test
  void fingerprint_missingFile_isAStateOfItsOwnNotAnError() throws Exception {
    Path cert = TestCertificates.write(dir.resolve("c"), "cert");
    Path key = TestCertificates.write(dir.resolve("k"), "key");
    TlsSettings settings = new TlsSettings(cert, key, null, false, null, null, null, null);
    byte[] before = TlsReloader.fingerprint(settings);

    Files.delete(key);
    byte[] missing = TlsReloader.fingerprint(settings);
    TestCertificates.write(key, "key");

    assertThat(missing).isNotEqualTo(before);
    assertThat(TlsReloader.fingerprint(settings)).isEqualTo(before);
  }

  @Test
  void fingerprint_clientCaDirectory_seesAddedAndChangedFiles() throws Exception {
    Path cert = TestCertificates.write(dir.resolve("c"), "cert");
    Path key = TestCertificates.write(dir.resolve("k"), "key");
    Path cas = Files.createDirectory(dir.resolve("cas"));
    Path ca = TestCertificates.write(cas.resolve("a.pem"), "a");
    TlsSettings settings = new TlsSettings(cert, key, null, true, null, cas, null, null);
    byte[] before = TlsReloader.fingerprint(settings);

    Path added = TestCertificates.write(cas.resolve("b.pem"), "b");
    byte[] withAdded = TlsReloader.fingerprint(settings);
    Files.delete(added);
    TestCertificates.write(ca, "A");

    assertThat(withAdded).isNotEqualTo(before);
    assertThat(TlsReloader.fingerprint(settings)).isNotEqualTo(before).isNotEqualTo(withAdded);
  }
}
