package io.prom4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsReloader}: what counts as "the files changed", and retrying failed builds. */
class TlsReloaderTest {

  @TempDir Path dir;

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void check_buildFailsForAReasonOutsideTheFiles_isRetriedWithBackoffUntilItLoads() {
    TestCertificates.Issued ca = TestCertificates.rootCa("Test CA");
    TestCertificates.Issued first = TestCertificates.server(ca, TestCertificates.KeyKind.EC);
    Path cert = TestCertificates.writeCertificates(dir.resolve("c"), first.certificate());
    Path key = TestCertificates.writePkcs8(dir.resolve("k"), first.privateKey());
    TlsSettings settings = new TlsSettings(cert, key, null, false, null, null, null, null);
    byte[] print = TlsReloader.fingerprint(settings);
    TlsMaterial current = TlsMaterial.build(settings, null);
    AtomicInteger builds = new AtomicInteger();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    TlsReloader reloader =
        new TlsReloader(
            settings,
            null,
            print,
            new TlsLogCapture(),
            (s, p) -> {
              builds.incrementAndGet();
              if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalArgumentException("Too many open files"); // EMFILE, say
              }
              return TlsMaterial.build(s, p);
            });
    TestCertificates.Issued next = TestCertificates.server(ca, TestCertificates.KeyKind.EC);
    TestCertificates.writePkcs8(key, next.privateKey());
    TestCertificates.writeCertificates(cert, next.certificate());

    assertThat(reloader.check(current, 0)).isSameAs(current); // fails: retry after 1 s
    assertThat(reloader.check(current, SECOND / 2)).isSameAs(current);
    assertThat(builds).hasValue(1);
    assertThat(reloader.check(current, SECOND)).isSameAs(current); // fails: retry after 2 s
    assertThat(reloader.check(current, 2 * SECOND)).isSameAs(current);
    assertThat(builds).hasValue(2);
    TlsMaterial fresh = reloader.check(current, 3 * SECOND);

    assertThat(builds).hasValue(3);
    assertThat(fresh).isNotSameAs(current);
    assertThat(fresh.describeLeaf()).contains(next.serial().toString(16));
  }

  @Test
  void check_clientCasChange_startsANewTrustGeneration_serverCertificateChangeDoesNot() {
    TestCertificates.Issued ca = TestCertificates.rootCa("Test CA");
    TestCertificates.Issued leaf = TestCertificates.server(ca, TestCertificates.KeyKind.EC);
    Path cert = TestCertificates.writeCertificates(dir.resolve("c"), leaf.certificate());
    Path key = TestCertificates.writePkcs8(dir.resolve("k"), leaf.privateKey());
    Path cas =
        TestCertificates.writeCertificates(
            dir.resolve("ca"), TestCertificates.rootCa("Client CA").certificate());
    TlsSettings settings = new TlsSettings(cert, key, null, true, cas, null, null, null);
    TlsMaterial current = TlsMaterial.build(settings, null);
    TlsReloader reloader =
        new TlsReloader(settings, null, TlsReloader.fingerprint(settings), new TlsLogCapture());

    TestCertificates.Issued next = TestCertificates.server(ca, TestCertificates.KeyKind.EC);
    TestCertificates.writePkcs8(key, next.privateKey());
    TestCertificates.writeCertificates(cert, next.certificate());
    TlsMaterial rotated = reloader.check(current, 0);
    TestCertificates.writeCertificates(cas, TestCertificates.rootCa("New CA").certificate());
    TlsMaterial retrusted = reloader.check(rotated, SECOND);

    assertThat(rotated).isNotSameAs(current);
    assertThat(rotated.trustGeneration()).isEqualTo(current.trustGeneration());
    assertThat(retrusted.trustGeneration()).isEqualTo(current.trustGeneration() + 1);
  }

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
