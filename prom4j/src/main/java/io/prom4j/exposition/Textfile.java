package io.prom4j.exposition;

import io.prom4j.model.MetricFamily;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Writes a file for node_exporter's textfile collector so that the collector never reads half of
 * it: the text is written to a temporary file in the target's directory, flushed to disk, and
 * renamed over the target in one atomic step.
 *
 * <p>The temporary file is named {@code .<name>.<random>.tmp}: node_exporter reads only {@code
 * *.prom} files, so it never sees it, and it is removed on every failure. On POSIX file systems the
 * result has mode 0644 whatever the umask, so a node_exporter running as another user can read it.
 */
final class Textfile {

  private static final Set<PosixFilePermission> MODE_0644 =
      PosixFilePermissions.fromString("rw-r--r--");

  private Textfile() {}

  /**
   * Writes {@code families} in {@code format} to {@code target}, atomically.
   *
   * @throws NoSuchFileException if the target's directory does not exist
   * @throws NotDirectoryException if the target's parent is not a directory
   * @throws IOException if the target is a directory, or writing or renaming fails (no temporary
   *     file is left behind)
   */
  static void write(Path target, ExpositionFormat format, List<MetricFamily> families)
      throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null || absolute.getFileName() == null) {
      throw new IOException("Cannot write textfile '" + target + "': not a file path");
    }
    if (!Files.isDirectory(dir)) {
      if (Files.exists(dir)) {
        throw new NotDirectoryException(
            "Cannot write textfile '" + target + "': '" + dir + "' is not a directory");
      }
      throw new NoSuchFileException(
          dir.toString(),
          null,
          "cannot write textfile '" + target + "': the directory does not exist");
    }
    if (Files.isDirectory(absolute)) {
      throw new IOException("Cannot write textfile '" + target + "': it is a directory");
    }
    Path temp;
    try {
      temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new IOException(
          "Cannot write textfile '" + target + "': cannot create a file in '" + dir + "': " + e, e);
    }
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 65536);
        format.write(out, families);
        out.flush();
        // on disk before the rename: after a crash the target is the old or the new file
        channel.force(true);
      }
      if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(temp, MODE_0644); // createTempFile makes it 0600
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      deleteAfterFailure(temp, e);
      if (e instanceof AtomicMoveNotSupportedException) {
        throw new IOException(
            "Cannot write textfile '" + target + "': the file system cannot rename atomically", e);
      }
      if (e instanceof IOException) {
        throw new IOException("Cannot write textfile '" + target + "': " + e, e);
      }
      throw e;
    }
  }

  /** Removes the temporary file; a failure to do so is added to {@code failure}. */
  private static void deleteAfterFailure(Path temp, Throwable failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
