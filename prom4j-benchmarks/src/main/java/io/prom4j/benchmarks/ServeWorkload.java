package io.prom4j.benchmarks;

import io.prom4j.http.MetricsServer;

/**
 * The server under load of {@link RunHostile}, run in a child JVM so that its file descriptors,
 * threads and heap are its own: serves the {@link Workload} registry on 127.0.0.1 with {@code
 * MetricsServer}'s default limits, prints {@code PORT <n> java <version>} on standard output and
 * runs until its standard input closes.
 *
 * <p>Arguments: {@code --series N} (10000), {@code --port P} (0: any free port), {@code --churn F}
 * (off: with a fraction such as 0.1, the {@link Churn} updater of {@link RunScrapes} changes that
 * fraction of the series every millisecond, so a profiler attached to this JVM sees a churn
 * scrape).
 */
public final class ServeWorkload {

  private ServeWorkload() {}

  public static void main(String[] args) throws Exception {
    int series = RunScrapes.intArg(args, "--series", 10_000);
    int port = RunScrapes.intArg(args, "--port", 0);
    double churnFraction = RunScrapes.doubleArg(args, "--churn", 0);
    Churn churn = churnFraction > 0 ? new Churn(churnFraction) : null;
    try (MetricsServer server =
        MetricsServer.builder()
            .address("127.0.0.1")
            .port(port)
            .registry(Registries.prom4j(series, false, churn == null ? null : churn.target()))
            .start()) {
      if (churn != null) {
        churn.start();
      }
      System.out.println("PORT " + server.port() + " java " + Runtime.version());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the parent closes our standard input (or dies)
      }
    }
  }
}
