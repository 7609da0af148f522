package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

  @Test
  void release_thenAcquire_reusesTheBufferEmptied() {
    BufferPool pool = new BufferPool(2, 1 << 20);
    ResponseBuffer b = pool.acquire();
    b.write(1);

    pool.release(b);
    ResponseBuffer again = pool.acquire();

    assertThat(again).isSameAs(b);
    assertThat(again.length()).isZero();
  }

  @Test
  void release_dropsBuffersPastTheBudget_andWhenFull() {
    BufferPool pool = new BufferPool(1, 64 * 1024);
    ResponseBuffer big = pool.acquire();
    big.write(new byte[100 * 1024], 0, 100 * 1024);
    ResponseBuffer a = pool.acquire();
    ResponseBuffer b = pool.acquire();

    pool.release(big);
    pool.release(a);
    pool.release(b);

    assertThat(pool.acquire()).isSameAs(a);
    assertThat(pool.acquire()).isNotSameAs(b).isNotSameAs(big);
  }

  @Test
  void release_keepsIdleBuffersWithinTheTotalBudget() {
    BufferPool pool = new BufferPool(4, 64 * 1024);
    ResponseBuffer first = filled(pool, 33 * 1024);
    ResponseBuffer second = filled(pool, 33 * 1024);
    assertThat(first.capacity() + second.capacity()).isGreaterThan(64 * 1024);
    assertThat(first.capacity()).isLessThanOrEqualTo(64 * 1024);

    pool.release(first);
    pool.release(second); // would take the idle total past 64 KiB

    assertThat(pool.acquire()).isSameAs(first);
    assertThat(pool.acquire()).isNotSameAs(second);
  }

  @Test
  void release_atDefaults_aLargeResponsesBufferIsNotKept() {
    BufferPool pool = new BufferPool();
    ResponseBuffer large = pool.acquire();
    large.write(new byte[9 << 20], 0, 9 << 20); // a 9 MiB exposition
    ResponseBuffer small = filled(pool, 1024);

    pool.release(large);
    pool.release(small);

    assertThat(pool.acquire()).isSameAs(small);
    assertThat(pool.acquire()).isNotSameAs(large);
  }

  @Test
  void close_dropsTheIdleBuffers_andLaterReleasesAreNotKept() {
    BufferPool pool = new BufferPool();
    ResponseBuffer idle = filled(pool, 1024);
    ResponseBuffer inFlight = filled(pool, 1024);
    pool.release(idle);

    pool.close();
    pool.release(inFlight);

    assertThat(pool.acquire()).isNotSameAs(idle).isNotSameAs(inFlight);
  }

  @Test
  void serverShutdown_dropsThePooledBuffers() throws Exception {
    Limits limits =
        new Limits(
            8192,
            16384,
            100,
            4096,
            Duration.ofSeconds(10).toNanos(),
            Duration.ofSeconds(60).toNanos(),
            Duration.ofSeconds(30).toNanos(),
            10,
            Duration.ofSeconds(1).toNanos());
    Acceptor acceptor =
        new Acceptor(
            ServerSocketChannel.open(),
            limits,
            (request, body) -> new Response(HttpStatus.OK, java.util.List.of(), body),
            null,
            Thread::new);
    ResponseBuffer pooled = filled(acceptor.buffers(), 1024);
    acceptor.buffers().release(pooled);

    acceptor.shutdown(null);

    assertThat(acceptor.buffers().acquire()).isNotSameAs(pooled);
  }

  private static ResponseBuffer filled(BufferPool pool, int bytes) {
    ResponseBuffer b = pool.acquire();
    b.write(new byte[bytes], 0, bytes);
    return b;
  }
}
