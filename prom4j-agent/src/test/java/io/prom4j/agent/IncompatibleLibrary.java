package io.prom4j.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Test fixture: a jar with an {@code io.prom4j.http.MetricsServer} that has no {@code builder()},
 * compiled at run time; on a class path before the agent it plays an application that bundles a
 * prom4j the agent's code does not fit.
 */
final class IncompatibleLibrary {

  private IncompatibleLibrary() {}

  static Path jar(Path dir) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("incompatible/src/io/prom4j/http"));
    Path source =
        Files.writeString(
            sources.resolve("MetricsServer.java"),
            "package io.prom4j.http; public final class MetricsServer {}\n");
    Path classes = Files.createDirectories(dir.resolve("incompatible/classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", classes.toString(), source.toString());
    if (status != 0) {
      throw new IllegalStateException("javac failed: " + status);
    }
    Path jar = dir.resolve("incompatible/prom4j-old.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("io/prom4j/http/MetricsServer.class"));
      try (OutputStream entry = new NonClosing(out)) {
        Files.copy(classes.resolve("io/prom4j/http/MetricsServer.class"), entry);
      }
      out.closeEntry();
    }
    return jar;
  }

  /** Lets {@code Files.copy} write into the jar stream without closing it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
