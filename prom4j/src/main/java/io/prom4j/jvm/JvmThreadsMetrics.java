package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.DataPoint;
import io.prom4j.model.GaugeDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Thread counts, named as in the official Java client's {@code JvmThreadsMetrics}.
 *
 * <table>
 * <caption>Metrics</caption>
 * <tr><th>Family</th><th>Type</th><th>Labels</th></tr>
 * <tr><td>{@code jvm_threads_current}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code jvm_threads_daemon}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code jvm_threads_peak}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code jvm_threads_started} (sample {@code jvm_threads_started_total})</td>
 *     <td>counter</td><td></td></tr>
 * <tr><td>{@code jvm_threads_deadlocked}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code jvm_threads_deadlocked_monitor}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code jvm_threads_state}</td><td>gauge</td><td>{@code state}: the
 *     {@link Thread.State} names and {@code UNKNOWN}</td></tr>
 * </table>
 *
 * <p>The deadlock gauges count the threads that are in a deadlock, waiting for object monitors or
 * ownable synchronizers ({@code jvm_threads_deadlocked}) or for object monitors only ({@code
 * jvm_threads_deadlocked_monitor}); a JVM that cannot tell leaves them out. Detecting deadlocks
 * pauses the JVM briefly (a safepoint), as in the official client.
 *
 * <p>Thread states are counted over the threads of the root thread group with {@link
 * Thread#getState()}: the same threads the thread bean reports, at a fraction of the cost of {@link
 * ThreadMXBean#getThreadInfo(long[], int)}. If the root group is out of reach (a security manager),
 * {@code getThreadInfo} without stack traces is used instead, and {@code UNKNOWN} counts the thread
 * ids it reports as non-positive; otherwise {@code UNKNOWN} is 0.
 */
public final class JvmThreadsMetrics implements Collector {
  /** The state labels in output order (sorted, like the official client's output). */
  private static final Labels[] STATE_LABELS;

  /** Index into {@link #STATE_LABELS} for each {@link Thread.State#ordinal()}. */
  private static final int[] SLOT;

  private static final int UNKNOWN_SLOT;

  static {
    Thread.State[] states = Thread.State.values();
    String[] names = new String[states.length + 1];
    for (int i = 0; i < states.length; i++) {
      names[i] = states[i].name();
    }
    names[states.length] = "UNKNOWN";
    Arrays.sort(names);
    STATE_LABELS = Families.labels("state", names);
    SLOT = new int[states.length];
    for (int i = 0; i < states.length; i++) {
      SLOT[i] = Arrays.binarySearch(names, states[i].name());
    }
    UNKNOWN_SLOT = Arrays.binarySearch(names, "UNKNOWN");
  }

  private final ThreadMXBean threads;
  private final boolean synchronizerDeadlocks;

  /** The root thread group whose threads are counted by state; null to ask the bean. */
  private final ThreadGroup root;

  /** Thread metrics of this JVM. */
  public JvmThreadsMetrics() {
    this(ManagementFactory.getThreadMXBean(), rootGroup());
  }

  /** {@code root} null counts states with {@link ThreadMXBean#getThreadInfo(long[], int)}. */
  JvmThreadsMetrics(ThreadMXBean threads, ThreadGroup root) {
    this.threads = threads;
    this.synchronizerDeadlocks = threads.isSynchronizerUsageSupported();
    this.root = root;
  }

  /** The system thread group, or null if a security manager forbids reaching it. */
  private static ThreadGroup rootGroup() {
    try {
      ThreadGroup g = Thread.currentThread().getThreadGroup();
      while (g.getParent() != null) {
        g = g.getParent();
      }
      return g;
    } catch (SecurityException e) {
      return null;
    }
  }

  @Override
  public List<MetricFamily> collect() {
    MetricFamily[] out = new MetricFamily[7];
    int n = 0;
    out[n++] =
        Families.gauge(
            "jvm_threads_current", "Current thread count of a JVM", "", threads.getThreadCount());
    out[n++] =
        Families.gauge(
            "jvm_threads_daemon",
            "Daemon thread count of a JVM",
            "",
            threads.getDaemonThreadCount());
    out[n++] =
        Families.gauge(
            "jvm_threads_peak", "Peak thread count of a JVM", "", threads.getPeakThreadCount());
    out[n++] =
        Families.counter(
            "jvm_threads_started_total",
            "Started thread count of a JVM",
            "",
            threads.getTotalStartedThreadCount());
    if (synchronizerDeadlocks) {
      int deadlocked = deadlocked(false);
      if (deadlocked >= 0) {
        out[n++] =
            Families.gauge(
                "jvm_threads_deadlocked",
                "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or"
                    + " ownable synchronizers",
                "",
                deadlocked);
      }
    }
    int monitorDeadlocked = deadlocked(true);
    if (monitorDeadlocked >= 0) {
      out[n++] =
          Families.gauge(
              "jvm_threads_deadlocked_monitor",
              "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors",
              "",
              monitorDeadlocked);
    }
    MetricFamily states = states();
    if (states != null) {
      out[n++] = states;
    }
    return List.of(Arrays.copyOf(out, n));
  }

  /** The number of deadlocked threads; -1 if the JVM refuses to tell. */
  private int deadlocked(boolean monitorsOnly) {
    try {
      long[] ids =
          monitorsOnly ? threads.findMonitorDeadlockedThreads() : threads.findDeadlockedThreads();
      return ids == null ? 0 : ids.length;
    } catch (UnsupportedOperationException | SecurityException e) {
      return -1;
    }
  }

  /** Counts threads by state, without stack traces and without boxing; null if refused. */
  private MetricFamily states() {
    int[] counts = new int[STATE_LABELS.length];
    if (!(root != null && countByGroup(counts)) && !countByBean(counts)) {
      return null;
    }
    DataPoint[] points = new DataPoint[counts.length];
    for (int i = 0; i < counts.length; i++) {
      points[i] = GaugeDataPoint.of(STATE_LABELS[i], counts[i]);
    }
    return Families.of(
        "jvm_threads_state",
        "Current count of threads by state",
        MetricType.GAUGE,
        "",
        points,
        points.length);
  }

  /**
   * Same threads as the bean's (checked on JDK 17 and 25, compiler threads hidden from both);
   * measured with 106 threads on JDK 17: ~0.4 us and 0.6 KB per scrape against ~75 us and 27 KB for
   * getThreadInfo(ids, 0), which builds a ThreadInfo per thread.
   */
  private boolean countByGroup(int[] counts) {
    try {
      Thread[] all = new Thread[root.activeCount() + 8];
      int n;
      while ((n = root.enumerate(all, true)) == all.length) { // may have been truncated
        all = new Thread[all.length * 2];
      }
      for (int i = 0; i < n; i++) {
        counts[SLOT[all[i].getState().ordinal()]]++;
      }
      return true;
    } catch (SecurityException e) {
      return false;
    }
  }

  private boolean countByBean(int[] counts) {
    try {
      long[] ids = threads.getAllThreadIds();
      int valid = 0;
      for (long id : ids) {
        if (id > 0) {
          ids[valid++] = id;
        }
      }
      counts[UNKNOWN_SLOT] = ids.length - valid;
      ThreadInfo[] infos =
          threads.getThreadInfo(valid == ids.length ? ids : Arrays.copyOf(ids, valid), 0);
      for (ThreadInfo info : infos) {
        if (info != null) { // null: the thread ended after getAllThreadIds
          counts[SLOT[info.getThreadState().ordinal()]]++;
        }
      }
      return true;
    } catch (UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
