package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

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
  void release_dropsBuffersPastTheRetainedSize_andWhenFull() {
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
}
