package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class JvmThreadsMetricsTest {

  private JvmThreadsMetrics metrics = new JvmThreadsMetrics();

  private double value(String sample, String... labels) {
    Double v = Scrapes.value(metrics, sample, labels);
    assertThat(v).as(sample).isNotNull();
    return v;
  }

  @Test
  void collect_stateFamily_hasEveryThreadStateAndUnknownInSortedOrder() {
    MetricFamily states = Scrapes.family(metrics.collect(), "jvm_threads_state");

    assertThat(states.type()).isEqualTo(MetricType.GAUGE);
    assertThat(states.points())
        .extracting(p -> p.labels().get("state"))
        .containsExactly(
            "BLOCKED", "NEW", "RUNNABLE", "TERMINATED", "TIMED_WAITING", "UNKNOWN", "WAITING");
  }

  @Test
  void collect_stateCounts_addUpToTheThreadsTheJvmReports() {
    List<MetricFamily> families = metrics.collect();
    MetricFamily states = Scrapes.family(families, "jvm_threads_state");
    double sum = states.samples().stream().mapToDouble(s -> s.value()).sum();

    // Threads may start or end between the two reads; the counts agree within a few.
    assertThat(sum)
        .isCloseTo(
            Scrapes.value(families, "jvm_threads_current"),
            org.assertj.core.api.Assertions.within(5.0));
    assertThat(value("jvm_threads_state", "state", "RUNNABLE")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void collect_threadsParkedOnALatch_raiseCurrentWaitingAndStarted() throws Exception {
    assertParkedThreadsAreCounted();
  }

  @Test
  void collect_rootGroupOutOfReach_countsStatesWithTheThreadBean() throws Exception {
    metrics = new JvmThreadsMetrics(ManagementFactory.getThreadMXBean(), null);

    collect_stateCounts_addUpToTheThreadsTheJvmReports();
    assertParkedThreadsAreCounted();
  }

  private void assertParkedThreadsAreCounted() throws Exception {
    int n = 3;
    double current = value("jvm_threads_current");
    double waiting = value("jvm_threads_state", "state", "WAITING");
    double started = value("jvm_threads_started_total");
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "jvm-metrics-test-waiter-" + i);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }

      Scrapes.await(
          "the waiters are counted",
          () ->
              value("jvm_threads_current") >= current + n
                  && value("jvm_threads_state", "state", "WAITING") >= waiting + n);
      assertThat(value("jvm_threads_started_total")).isGreaterThanOrEqualTo(started + n);
      assertThat(value("jvm_threads_peak")).isGreaterThanOrEqualTo(current + n);
      assertThat(value("jvm_threads_daemon")).isGreaterThanOrEqualTo(n);
    } finally {
      release.countDown();
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  @Test
  void collect_twoThreadsDeadlockedOnLocks_areCountedUntilTheDeadlockBreaks() throws Exception {
    double before = value("jvm_threads_deadlocked");
    double monitorBefore = value("jvm_threads_deadlocked_monitor");
    ReentrantLock a = new ReentrantLock();
    ReentrantLock b = new ReentrantLock();
    CyclicBarrier bothHoldOne = new CyclicBarrier(2);
    Thread t1 = deadlocker(a, b, bothHoldOne);
    Thread t2 = deadlocker(b, a, bothHoldOne);
    try {
      Scrapes.await(
          "the deadlock is detected", () -> value("jvm_threads_deadlocked") >= before + 2);
      // Locks, not monitors: the monitor-only gauge does not see this deadlock.
      assertThat(value("jvm_threads_deadlocked_monitor")).isEqualTo(monitorBefore);
    } finally {
      t1.interrupt();
      t2.interrupt();
      t1.join();
      t2.join();
    }
    assertThat(value("jvm_threads_deadlocked")).isEqualTo(before);
  }

  /** A thread that takes {@code first}, waits for its partner, then waits for {@code second}. */
  private static Thread deadlocker(
      ReentrantLock first, ReentrantLock second, CyclicBarrier barrier) {
    Thread t =
        new Thread(
            () -> {
              first.lock();
              try {
                barrier.await();
                second.lockInterruptibly();
                second.unlock();
              } catch (Exception e) {
                // Interrupted: the test is breaking the deadlock.
              } finally {
                first.unlock();
              }
            },
            "jvm-metrics-test-deadlock");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
