package io.prom4j.jvm;

import io.prom4j.Collector;
import io.prom4j.model.MetricFamily;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Process metrics with the standard names every Prometheus client library uses.
 *
 * <table>
 * <caption>Metrics</caption>
 * <tr><th>Family</th><th>Type</th><th>Unit</th></tr>
 * <tr><td>{@code process_virtual_memory_bytes}</td><td>gauge</td><td>bytes</td></tr>
 * <tr><td>{@code process_resident_memory_bytes}</td><td>gauge</td><td>bytes</td></tr>
 * <tr><td>{@code process_start_time_seconds}</td><td>gauge</td><td>seconds</td></tr>
 * <tr><td>{@code process_cpu_seconds} (sample {@code process_cpu_seconds_total})</td>
 *     <td>counter</td><td>seconds</td></tr>
 * <tr><td>{@code process_open_fds}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code process_max_fds}</td><td>gauge</td><td></td></tr>
 * </table>
 *
 * <p>On Linux the figures come from {@code /proc} (like the Python client): the CPU time, start
 * time and memory from {@code /proc/self/stat}, the soft limit on open files from {@code
 * /proc/self/limits}, and the number of entries in {@code /proc/self/fd} (which, as in the Python
 * client, includes the descriptor used to list it). Elsewhere the JDK's operating system bean gives
 * the CPU time and, on Unix, the file descriptor counts; the start time is the JVM's; the memory
 * figures are left out. A figure that cannot be read on a platform is absent from the scrape;
 * {@link #collect()} never throws.
 *
 * <p>Registered in the default registry; to remove it:
 *
 * <pre>{@code
 * CollectorRegistry.defaultRegistry()
 *     .unregister(JvmMetrics.defaultCollector(ProcessMetrics.class));
 * }</pre>
 */
public final class ProcessMetrics implements Collector {
  static final int VIRTUAL_MEMORY = 0;
  static final int RESIDENT_MEMORY = 1;
  static final int START_TIME = 2;
  static final int CPU = 3;
  static final int OPEN_FDS = 4;
  static final int MAX_FDS = 5;
  private static final int FIGURES = 6;

  private final ProcFs proc;
  private final OsBean os;
  private final RuntimeMXBean runtime;

  /** Process metrics of this JVM's process, from {@code /proc} where there is one. */
  public ProcessMetrics() {
    this(
        Path.of("/proc"),
        ManagementFactory.getOperatingSystemMXBean(),
        ManagementFactory.getRuntimeMXBean());
  }

  /**
   * Process metrics read from {@code procRoot} if {@code procRoot/self} is a directory, else from
   * the beans.
   */
  ProcessMetrics(Path procRoot, OperatingSystemMXBean os, RuntimeMXBean runtime) {
    this.proc = ProcFs.open(procRoot);
    this.os = proc == null ? new OsBean(os) : null;
    this.runtime = runtime;
  }

  /** True if the figures come from {@code /proc}. */
  boolean readsProc() {
    return proc != null;
  }

  @Override
  public List<MetricFamily> collect() {
    double[] v = new double[FIGURES];
    Arrays.fill(v, Double.NaN);
    if (proc != null) {
      proc.read(v);
    } else {
      os.read(v);
      long start = runtime.getStartTime();
      if (start > 0) {
        v[START_TIME] = start / 1000.0;
      }
    }
    List<MetricFamily> out = new ArrayList<>(FIGURES);
    if (!Double.isNaN(v[VIRTUAL_MEMORY])) {
      out.add(
          Families.gauge(
              "process_virtual_memory_bytes",
              "Virtual memory size in bytes.",
              "bytes",
              v[VIRTUAL_MEMORY]));
    }
    if (!Double.isNaN(v[RESIDENT_MEMORY])) {
      out.add(
          Families.gauge(
              "process_resident_memory_bytes",
              "Resident memory size in bytes.",
              "bytes",
              v[RESIDENT_MEMORY]));
    }
    if (!Double.isNaN(v[START_TIME])) {
      out.add(
          Families.gauge(
              "process_start_time_seconds",
              "Start time of the process since unix epoch in seconds.",
              "seconds",
              v[START_TIME]));
    }
    if (!Double.isNaN(v[CPU])) {
      out.add(
          Families.counter(
              "process_cpu_seconds_total",
              "Total user and system CPU time spent in seconds.",
              "seconds",
              v[CPU]));
    }
    if (!Double.isNaN(v[OPEN_FDS])) {
      out.add(
          Families.gauge("process_open_fds", "Number of open file descriptors.", "", v[OPEN_FDS]));
    }
    if (!Double.isNaN(v[MAX_FDS])) {
      out.add(
          Families.gauge(
              "process_max_fds", "Maximum number of open file descriptors.", "", v[MAX_FDS]));
    }
    return out;
  }
}
