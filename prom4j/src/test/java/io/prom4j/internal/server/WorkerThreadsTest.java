package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class WorkerThreadsTest {

  @Test
  void workers_neverKeepTheJvmAlive_andAreVirtualExactlyFromJava21() {
    ThreadFactory f = WorkerThreads.factory("test-worker-");

    Thread t = f.newThread(() -> {});

    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getName()).isEqualTo("test-worker-0");
    assertThat(f.newThread(() -> {}).getName()).isEqualTo("test-worker-1");
    assertThat(WorkerThreads.virtual()).isEqualTo(Runtime.version().feature() >= 21);
    assertThat(t.toString().startsWith("VirtualThread")).isEqualTo(WorkerThreads.virtual());
  }
}
