package io.prom4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a child JVM's resident memory and thread count (and, if given, how many idle connections
 * are held) every half second on a thread of its own while a load runs, so that the readings are
 * taken during the load, not after it.
 */
final class LoadSampler {

  /** One reading: resident memory in kB, threads, idle connections connected and pending. */
  record Sample(long rssKb, long threads, int connected, int pending) {}

  private final ChildJvm child;
  private final IdleConnections idle;
  private final List<Sample> samples = new ArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  private LoadSampler(ChildJvm child, IdleConnections idle) {
    this.child = child;
    this.idle = idle;
    this.thread = new Thread(this::run, "load-sampler");
    thread.setDaemon(true);
  }

  /** Starts sampling {@code child}; {@code idle} may be null. */
  static LoadSampler start(ChildJvm child, IdleConnections idle) {
    LoadSampler s = new LoadSampler(child, idle);
    s.thread.start();
    return s;
  }

  private void run() {
    try {
      do {
        Sample s =
            new Sample(
                child.status("VmRSS"),
                child.status("Threads"),
                idle == null ? 0 : idle.connected(),
                idle == null ? 0 : idle.pending());
        synchronized (samples) {
          samples.add(s);
        }
      } while (!stop.await(500, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops sampling and returns the readings, oldest first (at least one). */
  List<Sample> stop() throws InterruptedException {
    stop.countDown();
    thread.join();
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }
}
