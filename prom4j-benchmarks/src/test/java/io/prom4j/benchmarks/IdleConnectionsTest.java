package io.prom4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class IdleConnectionsTest {

  @Test
  void serverEvictsAtItsCap_everyClosedConnectionIsReplaced() throws Exception {
    try (MetricsServer server =
            MetricsServer.builder()
                .address("127.0.0.1")
                .port(0)
                .registry(new CollectorRegistry())
                .maxConnections(4)
                .start();
        IdleConnections idle =
            IdleConnections.open(new InetSocketAddress("127.0.0.1", server.port()), 12)) {

      await(() -> idle.reconnects() >= 20); // 12 attempted against a cap of 4: evictions
      await(() -> idle.connected() + idle.pending() == 12);

      assertThat(idle.connectFailures()).isZero();
    }
  }

  @Test
  void serverBelowItsCap_keepsEveryConnection() throws Exception {
    try (MetricsServer server =
            MetricsServer.builder()
                .address("127.0.0.1")
                .port(0)
                .registry(new CollectorRegistry())
                .start();
        IdleConnections idle =
            IdleConnections.open(new InetSocketAddress("127.0.0.1", server.port()), 12)) {

      await(() -> idle.connected() == 12);

      assertThat(idle.reconnects()).isZero();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 20 s").isLessThan(deadline);
      LockSupport.parkNanos(2_000_000);
    }
  }
}
