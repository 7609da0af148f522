package io.prom4j.agent.apps;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A child-JVM application that plays a web container with a child-first class loader (a Tomcat web
 * application, for one): it loads {@link AppWithMetrics} and its own copy of prom4j (the jar in
 * {@code args[1]}) in a class loader that does not delegate to the system class loader, and runs it
 * with {@code args[0]}.
 */
public final class ChildFirstApp {

  private ChildFirstApp() {}

  public static void main(String[] args) throws IOException, ReflectiveOperationException {
    URL apps = AppWithMetrics.class.getProtectionDomain().getCodeSource().getLocation();
    URL library = Path.of(args[1]).toUri().toURL();
    try (URLClassLoader webapp =
        new URLClassLoader(new URL[] {apps, library}, ClassLoader.getPlatformClassLoader())) {
      webapp
          .loadClass(AppWithMetrics.class.getName())
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[] {args[0]});
    }
  }
}
