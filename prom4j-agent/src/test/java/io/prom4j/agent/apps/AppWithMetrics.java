package io.prom4j.agent.apps;

import io.prom4j.Counter;
import io.prom4j.http.MetricsServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child-JVM application: registers {@code app_jobs_total} (value 3) in the default registry,
 * writes where its prom4j classes came from to the file in {@code args[0]} (the signal that it is
 * ready), then waits for a line or the end of standard input and returns from {@code main}.
 */
public final class AppWithMetrics {

  private AppWithMetrics() {}

  public static void main(String[] args) throws IOException, URISyntaxException {
    Counter jobs = Counter.builder().name("app_jobs").help("Jobs done by the app.").register();
    jobs.inc(3);
    String origin =
        "counter=" + origin(Counter.class) + "\nserver=" + origin(MetricsServer.class) + "\n";
    Path ready = Path.of(args[0]);
    Path temporary = Files.writeString(ready.resolveSibling(ready.getFileName() + ".tmp"), origin);
    Files.move(temporary, ready);
    System.in.read();
  }

  private static Path origin(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
