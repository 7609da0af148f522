package io.prom4j.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prom4j.model.MetricFamily;
import io.prom4j.model.MetricType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMetricsTest {

  /**
   * A process named {@code my (java) app) x} (spaces and parentheses) in the state S; utime 1234,
   * stime 566, starttime 50000 ticks, vsize 3000000000 bytes, rss 2500 pages.
   */
  private static final String STAT =
      "4242 (my (java) app) x) S 1 4242 4242 0 -1 4194560 "
          + "2000 0 0 0 1234 566 0 0 20 0 31 0 50000 3000000000 2500 18446744073709551615 "
          + "1 1 0 0 0 0 0 4096 17103 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

  private static final String LIMITS =
      ""
          + "Limit                     Soft Limit           Hard Limit           Units     \n"
          + "Max cpu time              unlimited            unlimited            seconds   \n"
          + "Max file size             unlimited            unlimited            bytes     \n"
          + "Max open files            1024                 524288               files     \n"
          + "Max locked memory         8388608              8388608              bytes     \n";
  private static final String PROC_STAT =
      "cpu  1 2 3 4 5 6 7 0 0 0\n"
          + "cpu0 1 2 3 4 5 6 7 0 0 0\n"
          + "intr 12345 0 0 0\n"
          + "ctxt 99\n"
          + "btime 1700000000\n"
          + "processes 12\n";

  @TempDir Path proc;

  @BeforeEach
  void writeFixture() throws IOException {
    Path self = Files.createDirectories(proc.resolve("self"));
    Files.writeString(self.resolve("stat"), STAT, StandardCharsets.ISO_8859_1);
    Files.writeString(self.resolve("limits"), LIMITS, StandardCharsets.US_ASCII);
    Files.writeString(proc.resolve("stat"), PROC_STAT, StandardCharsets.US_ASCII);
    Path fd = Files.createDirectories(self.resolve("fd"));
    for (int i = 0; i < 7; i++) {
      Files.createFile(fd.resolve(Integer.toString(i)));
    }
    writeAuxv(100, 4096);
  }

  /** An auxiliary vector as the kernel writes it: native-endian (type, value) words. */
  private void writeAuxv(long clockTicks, long pageSize) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16 * 5).order(ByteOrder.nativeOrder());
    b.putLong(33).putLong(0x7ffc0000L); // AT_SYSINFO_EHDR
    b.putLong(6).putLong(pageSize); // AT_PAGESZ
    b.putLong(17).putLong(clockTicks); // AT_CLKTCK
    b.putLong(25).putLong(0x7ffc1000L); // AT_RANDOM
    b.putLong(0).putLong(0); // AT_NULL
    Files.write(proc.resolve("self/auxv"), b.array());
  }

  private ProcessMetrics fixture() {
    return new ProcessMetrics(
        proc, ManagementFactory.getOperatingSystemMXBean(), ManagementFactory.getRuntimeMXBean());
  }

  @Test
  void collect_procFixture_readsEveryFigure() {
    List<MetricFamily> families = fixture().collect();

    assertThat(families)
        .extracting(MetricFamily::name)
        .containsExactly(
            "process_virtual_memory_bytes",
            "process_resident_memory_bytes",
            "process_start_time_seconds",
            "process_cpu_seconds",
            "process_open_fds",
            "process_max_fds");
    assertThat(Scrapes.value(families, "process_virtual_memory_bytes")).isEqualTo(3e9);
    assertThat(Scrapes.value(families, "process_resident_memory_bytes")).isEqualTo(2500 * 4096.0);
    assertThat(Scrapes.value(families, "process_start_time_seconds"))
        .isEqualTo(1_700_000_000 + 500.0);
    assertThat(Scrapes.value(families, "process_cpu_seconds_total")).isEqualTo(18.0);
    assertThat(Scrapes.value(families, "process_open_fds")).isEqualTo(7.0);
    assertThat(Scrapes.value(families, "process_max_fds")).isEqualTo(1024.0);
  }

  @Test
  void collect_procFixture_typesAndUnitsAreTheStandardOnes() {
    List<MetricFamily> families = fixture().collect();

    assertThat(families)
        .extracting(MetricFamily::type)
        .containsExactly(
            MetricType.GAUGE,
            MetricType.GAUGE,
            MetricType.GAUGE,
            MetricType.COUNTER,
            MetricType.GAUGE,
            MetricType.GAUGE);
    assertThat(families)
        .extracting(MetricFamily::unit)
        .containsExactly("bytes", "bytes", "seconds", "seconds", "", "");
    assertThat(families)
        .allSatisfy(
            f ->
                assertThat(f.points())
                    .hasSize(1)
                    .allSatisfy(p -> assertThat(p.labels().isEmpty()).isTrue()));
  }

  @Test
  void collect_auxvClockTicks_scaleTheTimes() throws IOException {
    writeAuxv(250, 65536);

    List<MetricFamily> families = fixture().collect();

    assertThat(Scrapes.value(families, "process_cpu_seconds_total")).isEqualTo(1800 / 250.0);
    assertThat(Scrapes.value(families, "process_start_time_seconds"))
        .isEqualTo(1_700_000_000 + 200.0);
    assertThat(Scrapes.value(families, "process_resident_memory_bytes")).isEqualTo(2500 * 65536.0);
  }

  @Test
  void collect_noAuxv_assumes100TicksAndLeavesResidentMemoryOut() throws IOException {
    Files.delete(proc.resolve("self/auxv"));

    List<MetricFamily> families = fixture().collect();

    assertThat(Scrapes.value(families, "process_cpu_seconds_total")).isEqualTo(18.0);
    assertThat(Scrapes.family(families, "process_resident_memory_bytes")).isNull();
    assertThat(Scrapes.value(families, "process_virtual_memory_bytes")).isEqualTo(3e9);
  }

  @Test
  void collect_missingLimits_leavesMaxFdsOutAndKeepsTheRest() throws IOException {
    Files.delete(proc.resolve("self/limits"));

    List<MetricFamily> families = fixture().collect();

    assertThat(Scrapes.family(families, "process_max_fds")).isNull();
    assertThat(families).hasSize(5);
  }

  @Test
  void collect_missingSelfStat_leavesCpuStartAndMemoryOut() throws IOException {
    Files.delete(proc.resolve("self/stat"));

    List<MetricFamily> families = fixture().collect();

    assertThat(families)
        .extracting(MetricFamily::name)
        .containsExactly("process_open_fds", "process_max_fds");
  }

  @Test
  void collect_missingBootTime_leavesOnlyStartTimeOut() throws IOException {
    Files.delete(proc.resolve("stat"));

    List<MetricFamily> families = fixture().collect();

    assertThat(Scrapes.family(families, "process_start_time_seconds")).isNull();
    assertThat(families).hasSize(5);
  }

  @Test
  void collect_missingFdDirectory_leavesOpenFdsOut() throws IOException {
    Path fd = proc.resolve("self/fd");
    try (var entries = Files.list(fd)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(fd);

    List<MetricFamily> families = fixture().collect();

    assertThat(Scrapes.family(families, "process_open_fds")).isNull();
    assertThat(families).hasSize(5);
  }

  @Test
  void collect_truncatedOrGarbledStat_leavesItsFiguresOutWithoutThrowing() throws IOException {
    Path stat = proc.resolve("self/stat");
    ProcessMetrics metrics = fixture();
    for (String content :
        new String[] {
          "",
          "4242 (java",
          "4242 (java) S 1 2 3 4 5 6 7 8 9 10",
          "4242 (java) S 1 2 3 4 5 6 7 8 9 10 x y 0 0 20 0 31 0 z v r\n"
        }) {
      Files.writeString(stat, content, StandardCharsets.ISO_8859_1);

      List<MetricFamily> families = metrics.collect();

      assertThat(families)
          .as(content)
          .extracting(MetricFamily::name)
          .containsExactly("process_open_fds", "process_max_fds");
    }
  }

  @Test
  void collect_unlimitedOpenFiles_isPositiveInfinity() throws IOException {
    Files.writeString(
        proc.resolve("self/limits"),
        LIMITS.replace("1024                 524288", "unlimited            unlimited"),
        StandardCharsets.US_ASCII);

    assertThat(Scrapes.value(fixture(), "process_max_fds")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void collect_noProcDirectory_fallsBackToTheJdkBeans() {
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    ProcessMetrics metrics =
        new ProcessMetrics(
            proc.resolve("absent"), ManagementFactory.getOperatingSystemMXBean(), runtime);

    List<MetricFamily> families = metrics.collect();

    assertThat(metrics.readsProc()).isFalse();
    assertThat(Scrapes.family(families, "process_virtual_memory_bytes")).isNull();
    assertThat(Scrapes.family(families, "process_resident_memory_bytes")).isNull();
    assertThat(Scrapes.value(families, "process_start_time_seconds"))
        .isEqualTo(runtime.getStartTime() / 1000.0);
    assertThat(Scrapes.value(families, "process_cpu_seconds_total")).isPositive();
    if (Files.isDirectory(Path.of("/proc/self"))) { // a Unix JDK bean: the counts are known
      assertThat(Scrapes.value(families, "process_open_fds")).isPositive();
      assertThat(Scrapes.value(families, "process_max_fds")).isPositive();
    }
  }

  @Test
  void collect_realProc_figuresArePlausible() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
    ProcessMetrics metrics = new ProcessMetrics();
    List<MetricFamily> families = metrics.collect();

    assertThat(metrics.readsProc()).isTrue();
    assertThat(families).hasSize(6);
    double jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
    // The kernel's start time precedes the JVM's own by the launcher's start-up (and a tick).
    assertThat(Scrapes.value(families, "process_start_time_seconds"))
        .isCloseTo(jvmStart, within(30.0));
    double rss = Scrapes.value(families, "process_resident_memory_bytes");
    assertThat(rss)
        .isPositive()
        .isLessThan(Scrapes.value(families, "process_virtual_memory_bytes"));
    assertThat(Scrapes.value(families, "process_cpu_seconds_total")).isPositive();
    assertThat(Scrapes.value(families, "process_max_fds"))
        .isGreaterThanOrEqualTo(Scrapes.value(families, "process_open_fds"));
  }

  @Test
  void collect_realProc_openFdsFollowsOpenedFiles(@TempDir Path dir) throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
    // Other tests' threads in this JVM may close or open a few descriptors meanwhile: open many
    // and allow for a few.
    int opened = 100;
    int slack = 10;
    ProcessMetrics metrics = new ProcessMetrics();
    double before = Scrapes.value(metrics, "process_open_fds");
    List<FileChannel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < opened; i++) {
        channels.add(
            FileChannel.open(
                dir.resolve("f" + i), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
      }

      assertThat(Scrapes.value(metrics, "process_open_fds"))
          .isGreaterThanOrEqualTo(before + opened - slack);
    } finally {
      for (FileChannel c : channels) {
        c.close();
      }
    }
    assertThat(Scrapes.value(metrics, "process_open_fds")).isLessThan(before + slack);
  }
}
