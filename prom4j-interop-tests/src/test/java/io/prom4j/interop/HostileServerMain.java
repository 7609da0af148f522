package io.prom4j.interop;

import io.prom4j.CollectorRegistry;
import io.prom4j.Gauge;
import io.prom4j.http.MetricsServer;

/**
 * The server under test of {@link HostileNetworkIT}, run in a child JVM so that its file
 * descriptors, threads and heap are its own: serves a registry of one gauge with {@code args[0]}
 * labelled series (plus {@code probe 1}) on 127.0.0.1 with default limits, prints {@code PORT <n>}
 * and runs until its standard input closes.
 */
public final class HostileServerMain {

  private HostileServerMain() {}

  public static void main(String[] args) throws Exception {
    int series = Integer.parseInt(args[0]);
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("probe").help("Always 1.").register(registry).set(1);
    Gauge big =
        Gauge.builder().name("big").help("Many series.").labelNames("series").register(registry);
    for (int i = 0; i < series; i++) {
      big.labels(Integer.toString(i)).set(i);
    }
    try (MetricsServer server =
        MetricsServer.builder().address("127.0.0.1").port(0).registry(registry).start()) {
      System.out.println("PORT " + server.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
