package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.Poll;
import io.prom4j.testing.RawHttp;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The accept loop survives any Throwable, and every failure releases its connection slot. */
class AcceptorSurvivalTest {

  private static final Limits LIMITS =
      new Limits(
          8192,
          16384,
          100,
          4096,
          Duration.ofSeconds(10).toNanos(),
          Duration.ofSeconds(60).toNanos(),
          Duration.ofSeconds(30).toNanos(),
          4,
          Duration.ofSeconds(1).toNanos());

  @Test
  void threadFactoryThrowsOutOfMemory_connectionIsClosed_slotReleased_andLaterOnesServed()
      throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(6); // more than the limit of 4 slots
    ThreadFactory flaky =
        task -> {
          if (failuresLeft.getAndDecrement() > 0) {
            throw new OutOfMemoryError("test: unable to create native thread");
          }
          Thread t = new Thread(task);
          t.setDaemon(true);
          return t;
        };
    Engine engine = null;
    try {
      engine =
          Engine.start(
              InetAddress.getLoopbackAddress(),
              0,
              LIMITS,
              (request, response) -> response.body(HttpStatus.OK).write('k'),
              null,
              flaky);
      int port = engine.address().getPort();
      for (int i = 0; i < 6; i++) {
        try (RawHttp refused = RawHttp.connect(port)) {
          assertThat(refused.closedByServer()).as("connection %d", i).isTrue();
        }
      }
      Engine started = engine;
      Poll.until("no slot leaked", Duration.ofSeconds(5), () -> started.openConnections() == 0);

      try (RawHttp served = RawHttp.connect(port)) {
        assertThat(served.get("/").read().text()).isEqualTo("k");
      }
      assertThat(engine.acceptThread().isAlive()).isTrue();
    } finally {
      if (engine != null) {
        engine.shutdown();
      }
    }
  }

  @Test
  void handlerThrowsOutOfMemory_slotIsReleased_andTheServerServesOn() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(6);
    Engine engine =
        Engine.start(
            InetAddress.getLoopbackAddress(),
            0,
            LIMITS,
            (request, response) -> {
              if (failuresLeft.getAndDecrement() > 0) {
                throw new OutOfMemoryError("test: not really");
              }
              response.body(HttpStatus.OK).write('k');
            },
            null,
            WorkerThreads.factory("survival-"));
    try {
      int port = engine.address().getPort();
      for (int i = 0; i < 6; i++) {
        try (RawHttp c = RawHttp.connect(port)) {
          c.get("/");
          assertThat(c.closedByServer()).isTrue();
        }
      }
      Poll.until("no slot leaked", Duration.ofSeconds(5), () -> engine.openConnections() == 0);
      try (RawHttp served = RawHttp.connect(port)) {
        assertThat(served.get("/").read().text()).isEqualTo("k");
      }
    } finally {
      engine.shutdown();
    }
  }
}
