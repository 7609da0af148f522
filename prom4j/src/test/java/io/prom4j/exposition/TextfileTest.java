package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prom4j.Collector;
import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.Gauge;
import io.prom4j.model.MetricFamily;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TextFormat#writeToTextfile}: atomic replacement, permissions, errors, no leftovers. */
class TextfileTest {

  @TempDir Path dir;

  private CollectorRegistry registry;

  @BeforeEach
  void registry() {
    registry = new CollectorRegistry();
    Counter.builder().name("backup_runs").help("Backups run.").register(registry).inc(2);
    Gauge.builder().name("backup_size_bytes").help("Size.").register(registry).set(1.5e9);
  }

  @Test
  void writeToTextfile_newFile_holdsTheTextFormat() throws IOException {
    Path file = dir.resolve("backup.prom");

    TextFormat.writeToTextfile(file, registry);

    assertThat(Files.readString(file))
        .isEqualTo(
            """
            # HELP backup_runs_total Backups run.
            # TYPE backup_runs_total counter
            backup_runs_total 2.0
            # HELP backup_size_bytes Size.
            # TYPE backup_size_bytes gauge
            backup_size_bytes 1.5e+09
            """);
    assertThat(entries()).containsExactly("backup.prom");
  }

  @Test
  void writeToTextfile_existingFile_isReplaced() throws IOException {
    Path file = dir.resolve("backup.prom");
    Files.writeString(file, "old_metric 1\n".repeat(1000));

    TextFormat.writeToTextfile(file, registry);

    assertThat(Files.readString(file)).isEqualTo(TextFormat.generateLatest(registry));
    assertThat(entries()).containsExactly("backup.prom");
  }

  @Test
  void writeToTextfile_relativePath_isResolvedAgainstTheWorkingDirectory() throws IOException {
    Path file = dir.resolve("rel.prom");
    Path relative = Path.of("").toAbsolutePath().relativize(file);

    TextFormat.writeToTextfile(relative, registry);

    assertThat(Files.readString(file)).isEqualTo(TextFormat.generateLatest(registry));
  }

  @Test
  void writeToTextfile_onPosix_isReadableByEveryone() throws IOException {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX");
    Path file = dir.resolve("backup.prom");

    TextFormat.writeToTextfile(file, registry);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void writeToTextfile_duringTheWrite_targetHoldsTheOldFileAndTempIsHidden() throws IOException {
    Path file = dir.resolve("backup.prom");
    Files.writeString(file, "old 1\n");
    ExpositionFormat observing =
        format(
            out -> {
              out.write("new 1\n".getBytes(StandardCharsets.US_ASCII));
              // what node_exporter would read at this moment
              assertThat(Files.readString(file)).isEqualTo("old 1\n");
              assertThat(entries())
                  .hasSize(2)
                  .contains("backup.prom")
                  .anySatisfy(
                      name -> assertThat(name).startsWith(".backup.prom.").endsWith(".tmp"));
            });

    Textfile.write(file, observing, List.of());

    assertThat(Files.readString(file)).isEqualTo("new 1\n");
    assertThat(entries()).containsExactly("backup.prom");
  }

  @Test
  void writeToTextfile_missingDirectory_throwsNoSuchFileAndCreatesNothing() {
    Path missing = dir.resolve("no-such-dir");
    Path file = missing.resolve("backup.prom");

    assertThatThrownBy(() -> TextFormat.writeToTextfile(file, registry))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(
            missing + ": cannot write textfile '" + file + "': the directory does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void writeToTextfile_parentIsAFile_throwsNotDirectory() throws IOException {
    Path parent = Files.writeString(dir.resolve("plain"), "x");
    Path file = parent.resolve("backup.prom");

    assertThatThrownBy(() -> TextFormat.writeToTextfile(file, registry))
        .isInstanceOf(NotDirectoryException.class)
        .hasMessage("Cannot write textfile '" + file + "': '" + parent + "' is not a directory");
  }

  @Test
  void writeToTextfile_targetIsADirectory_throwsIOExceptionAndLeavesNoTempFile()
      throws IOException {
    Path target = Files.createDirectory(dir.resolve("backup.prom"));

    assertThatThrownBy(() -> TextFormat.writeToTextfile(target, registry))
        .isInstanceOf(IOException.class)
        .hasMessage("Cannot write textfile '" + target + "': it is a directory");
    assertThat(entries()).containsExactly("backup.prom");
  }

  @Test
  void writeToTextfile_failedWrite_keepsOldFileAndRemovesTempFile() throws IOException {
    Path file = dir.resolve("backup.prom");
    Files.writeString(file, "old 1\n");
    ExpositionFormat failing =
        format(
            out -> {
              out.write("half".getBytes(StandardCharsets.US_ASCII));
              throw new IOException("No space left on device");
            });

    assertThatThrownBy(() -> Textfile.write(file, failing, List.of()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "Cannot write textfile '" + file + "': java.io.IOException: No space left on device");
    assertThat(Files.readString(file)).isEqualTo("old 1\n");
    assertThat(entries()).containsExactly("backup.prom");
  }

  @Test
  void writeToTextfile_runtimeFailureDuringWrite_isRethrownAndRemovesTempFile() throws IOException {
    Path file = dir.resolve("backup.prom");
    ExpositionFormat failing =
        format(
            out -> {
              throw new IllegalStateException("boom");
            });

    assertThatThrownBy(() -> Textfile.write(file, failing, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(entries()).isEmpty();
  }

  @Test
  void writeToTextfile_failingCollector_createsNoFile() throws IOException {
    Path file = dir.resolve("backup.prom");
    registry.register(
        new Collector() {
          @Override
          public List<MetricFamily> collect() {
            throw new IllegalStateException("collector broke");
          }

          @Override
          public List<MetricFamily> describe() {
            return List.of();
          }
        });

    assertThatThrownBy(() -> TextFormat.writeToTextfile(file, registry))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("collector broke");
    assertThat(entries()).isEmpty();
  }

  @Test
  void writeToTextfile_rootDirectory_throwsIOExceptionNotAFilePath() {
    Path root = dir.getRoot();

    assertThatThrownBy(() -> TextFormat.writeToTextfile(root, registry))
        .isInstanceOf(IOException.class)
        .hasMessage("Cannot write textfile '" + root + "': not a file path");
  }

  @Test
  void writeToTextfile_nulls_throwNullPointer() {
    assertThatThrownBy(() -> TextFormat.writeToTextfile(null, registry))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("path");
    assertThatThrownBy(() -> TextFormat.writeToTextfile(dir.resolve("a.prom"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
  }

  /** A writer that does what a test says, for failures in the middle of a write. */
  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  private static ExpositionFormat format(Body body) {
    return new ExpositionFormat() {
      @Override
      public String contentType() {
        return "text/plain";
      }

      @Override
      public void write(OutputStream out, List<MetricFamily> families) throws IOException {
        body.write(out);
      }
    };
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
