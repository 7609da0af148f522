package io.prom4j.jvm;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the process figures from Linux's {@code /proc}, as the Python client does: {@code
 * self/stat} (CPU time, start time, virtual and resident memory), {@code self/limits} (the soft
 * limit on open files), the entries of {@code self/fd}, and once, at construction, {@code stat}
 * (boot time) and {@code self/auxv} (clock ticks per second and page size).
 *
 * <p>Implementation notes: one 4 KiB buffer is reused for every per-scrape file read, so reads are
 * serialised on this object (only concurrent scrapes contend for it). Parsing works on the bytes
 * directly, without regex or intermediate strings. A file that cannot be read, or a field that does
 * not parse, leaves its figure NaN (absent); nothing here throws.
 */
final class ProcFs {
  /** auxv entry types (linux/auxvec.h). */
  private static final long AT_NULL = 0;

  private static final long AT_PAGESZ = 6;
  private static final long AT_CLKTCK = 17;

  /**
   * USER_HZ, the unit of the times in /proc/self/stat: 100 on every architecture OpenJDK runs on.
   * Used only if auxv cannot be read.
   */
  static final long DEFAULT_CLOCK_TICKS = 100;

  private static final byte[] MAX_OPEN_FILES = "Max open files".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UNLIMITED = "unlimited".getBytes(StandardCharsets.US_ASCII);

  private final File stat;
  private final File limits;
  private final File fdDir;

  /** Boot time in seconds since the epoch; NaN if /proc/stat has no readable btime. */
  private final double bootTime;

  private final long clockTicks;

  /** Page size in bytes; 0 if unknown, which leaves the resident memory absent. */
  private final long pageSize;

  private final byte[] buffer = new byte[4096];

  private ProcFs(Path root) {
    Path self = root.resolve("self");
    this.stat = self.resolve("stat").toFile();
    this.limits = self.resolve("limits").toFile();
    this.fdDir = self.resolve("fd").toFile();
    this.bootTime = readBootTime(root.resolve("stat"));
    long[] aux = readAuxv(self.resolve("auxv"));
    this.clockTicks = aux[1] > 0 ? aux[1] : DEFAULT_CLOCK_TICKS;
    this.pageSize = aux[0];
  }

  /** A reader of {@code root}, or null if {@code root/self} is not a directory (not Linux). */
  static ProcFs open(Path root) {
    return Files.isDirectory(root.resolve("self")) ? new ProcFs(root) : null;
  }

  /** Fills the figures it can read into {@code out} (indexed by the ProcessMetrics constants). */
  synchronized void read(double[] out) {
    int n = readFully(stat);
    if (n > 0) {
      parseStat(buffer, n, out);
    }
    n = readFully(limits);
    if (n > 0) {
      out[ProcessMetrics.MAX_FDS] = parseMaxOpenFiles(buffer, n);
    }
    // Like the Python client, the count includes the descriptor used to list the directory.
    String[] fds = fdDir.list();
    if (fds != null) {
      out[ProcessMetrics.OPEN_FDS] = fds.length;
    }
  }

  /** Reads up to the buffer's size; -1 if the file cannot be read. */
  private int readFully(File file) {
    try (InputStream in = new FileInputStream(file)) {
      int n = 0;
      while (n < buffer.length) {
        int r = in.read(buffer, n, buffer.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return n;
    } catch (IOException | SecurityException e) {
      return -1;
    }
  }

  /**
   * Parses {@code /proc/self/stat}. The process name (field 2) is in parentheses and may itself
   * contain spaces and parentheses, so fields are counted from the last ')'. Fields used (1-based,
   * proc(5)): 14 utime, 15 stime, 22 starttime (clock ticks), 23 vsize (bytes), 24 rss (pages).
   */
  void parseStat(byte[] b, int len, double[] out) {
    int pos = len - 1;
    while (pos >= 0 && b[pos] != ')') {
      pos--;
    }
    if (pos < 0) {
      return;
    }
    pos++;
    long utime = -1;
    long stime = -1;
    long start = -1;
    long vsize = -1;
    long rss = -1;
    int field = 2;
    while (field < 24) {
      while (pos < len && b[pos] == ' ') {
        pos++;
      }
      if (pos >= len || b[pos] == '\n') {
        break;
      }
      int end = pos;
      while (end < len && b[end] != ' ' && b[end] != '\n') {
        end++;
      }
      field++;
      switch (field) {
        case 14 -> utime = parseLong(b, pos, end);
        case 15 -> stime = parseLong(b, pos, end);
        case 22 -> start = parseLong(b, pos, end);
        case 23 -> vsize = parseLong(b, pos, end);
        case 24 -> rss = parseLong(b, pos, end);
        default -> {}
      }
      pos = end;
    }
    if (utime >= 0 && stime >= 0) {
      out[ProcessMetrics.CPU] = (double) (utime + stime) / clockTicks;
    }
    if (start >= 0 && !Double.isNaN(bootTime)) {
      out[ProcessMetrics.START_TIME] = bootTime + (double) start / clockTicks;
    }
    if (vsize >= 0) {
      out[ProcessMetrics.VIRTUAL_MEMORY] = vsize;
    }
    if (rss >= 0 && pageSize > 0) {
      out[ProcessMetrics.RESIDENT_MEMORY] = (double) rss * pageSize;
    }
  }

  /**
   * The soft limit from the {@code Max open files} line of {@code /proc/self/limits} ({@code Max
   * open files 1024 524288 files}); +Inf for {@code unlimited}; NaN if absent.
   */
  static double parseMaxOpenFiles(byte[] b, int len) {
    int line = 0;
    while (line < len) {
      if (startsWith(b, line, len, MAX_OPEN_FILES)) {
        int pos = line + MAX_OPEN_FILES.length;
        while (pos < len && b[pos] == ' ') {
          pos++;
        }
        int end = pos;
        while (end < len && b[end] != ' ' && b[end] != '\n') {
          end++;
        }
        if (end - pos == UNLIMITED.length && startsWith(b, pos, len, UNLIMITED)) {
          return Double.POSITIVE_INFINITY;
        }
        long v = parseLong(b, pos, end);
        return v >= 0 ? v : Double.NaN;
      }
      while (line < len && b[line] != '\n') {
        line++;
      }
      line++;
    }
    return Double.NaN;
  }

  private static boolean startsWith(byte[] b, int from, int len, byte[] prefix) {
    if (len - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A non-negative decimal in {@code b[from, to)}; -1 if empty, not digits, or too long. */
  static long parseLong(byte[] b, int from, int to) {
    if (from >= to || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** The {@code btime} line of {@code /proc/stat}: boot time in seconds since the epoch. */
  private static double readBootTime(Path procStat) {
    try (BufferedReader r = Files.newBufferedReader(procStat, StandardCharsets.ISO_8859_1)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("btime ")) {
          return Long.parseLong(line.substring("btime ".length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable or malformed: the start time stays absent.
    }
    return Double.NaN;
  }

  /**
   * Page size and clock ticks from the auxiliary vector the kernel passed to the process (what
   * sysconf(_SC_PAGESIZE) and sysconf(_SC_CLK_TCK) return): native-endian pairs of machine words
   * (type, value), ended by AT_NULL. Returns {pageSize, clockTicks}, 0 if unknown.
   */
  static long[] readAuxv(Path auxv) {
    long[] out = new long[2];
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(auxv);
    } catch (IOException | RuntimeException e) {
      return out;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    boolean words32 = "32".equals(System.getProperty("sun.arch.data.model"));
    int entry = words32 ? 8 : 16;
    while (buf.remaining() >= entry) {
      long type = words32 ? Integer.toUnsignedLong(buf.getInt()) : buf.getLong();
      long value = words32 ? Integer.toUnsignedLong(buf.getInt()) : buf.getLong();
      if (type == AT_NULL) {
        break;
      } else if (type == AT_PAGESZ) {
        out[0] = value;
      } else if (type == AT_CLKTCK) {
        out[1] = value;
      }
    }
    return out;
  }
}
