package io.prom4j.jvm;

import java.lang.management.OperatingSystemMXBean;
import java.lang.reflect.Method;

/**
 * The process figures the JDK's operating system bean can tell, for platforms without {@code
 * /proc}: CPU time ({@code com.sun.management.OperatingSystemMXBean}) and open and maximum file
 * descriptors ({@code com.sun.management.UnixOperatingSystemMXBean}).
 *
 * <p>Implementation notes: the {@code com.sun.management} interfaces live in the {@code
 * jdk.management} module, which prom4j does not require; they are reached by reflection (core
 * reflection needs no readability edge) through the public interface methods, looked up once. A JVM
 * without them (or a bean that does not implement them) simply leaves those figures absent.
 */
final class OsBean {
  private final OperatingSystemMXBean bean;
  private final Method processCpuTime;
  private final Method openFileDescriptorCount;
  private final Method maxFileDescriptorCount;

  OsBean(OperatingSystemMXBean bean) {
    this.bean = bean;
    String sun = "com.sun.management.OperatingSystemMXBean";
    String unix = "com.sun.management.UnixOperatingSystemMXBean";
    this.processCpuTime = method(bean, sun, "getProcessCpuTime");
    this.openFileDescriptorCount = method(bean, unix, "getOpenFileDescriptorCount");
    this.maxFileDescriptorCount = method(bean, unix, "getMaxFileDescriptorCount");
  }

  /** Fills the figures it can tell into {@code out} (indexed by the ProcessMetrics constants). */
  void read(double[] out) {
    long cpuNanos = call(processCpuTime);
    if (cpuNanos >= 0) {
      out[ProcessMetrics.CPU] = cpuNanos / 1e9;
    }
    long open = call(openFileDescriptorCount);
    if (open >= 0) {
      out[ProcessMetrics.OPEN_FDS] = open;
    }
    long max = call(maxFileDescriptorCount);
    if (max >= 0) {
      out[ProcessMetrics.MAX_FDS] = max;
    }
  }

  private static Method method(Object bean, String interfaceName, String name) {
    try {
      Class<?> type = Class.forName(interfaceName, false, OsBean.class.getClassLoader());
      return type.isInstance(bean) ? type.getMethod(name) : null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** The getter's value; -1 if the method is absent, fails, or reports -1 (unsupported). */
  private long call(Method m) {
    if (m == null) {
      return -1;
    }
    try {
      return (Long) m.invoke(bean);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }
}
