package io.prom4j.internal.server;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the connection threads: virtual threads when the JVM has them (Java 21 and later, detected
 * at run time because prom4j is compiled for Java 17), else daemon platform threads with a 512 KiB
 * stack. Either way they never keep the JVM alive.
 */
public final class WorkerThreads {

  /**
   * Stack of a platform worker. Half the usual 1 MiB default: the engine's own frames are shallow,
   * but collectors run on this thread too, so it stays generous. Only touched pages are committed.
   */
  static final long PLATFORM_STACK_BYTES = 512 * 1024;

  private static final System.Logger LOG = System.getLogger("io.prom4j.http");
  private static final boolean VIRTUAL = Runtime.version().feature() >= 21;

  private WorkerThreads() {}

  /** True if workers are virtual threads on this JVM. */
  static boolean virtual() {
    return VIRTUAL;
  }

  /** A factory of worker threads named {@code prefix0}, {@code prefix1}, ... */
  public static ThreadFactory factory(String prefix) {
    if (VIRTUAL) {
      try {
        return virtualFactory(prefix);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.DEBUG, "virtual threads unavailable, using platform threads", e);
      }
    }
    AtomicLong next = new AtomicLong();
    return task -> {
      Thread t = new Thread(null, task, prefix + next.getAndIncrement(), PLATFORM_STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code Thread.ofVirtual().name(prefix, 0).factory()}, through reflection. */
  private static ThreadFactory virtualFactory(String prefix) throws ReflectiveOperationException {
    Class<?> builder = Class.forName("java.lang.Thread$Builder");
    Object b = Thread.class.getMethod("ofVirtual").invoke(null);
    Method name = builder.getMethod("name", String.class, long.class);
    b = name.invoke(b, prefix, 0L);
    return (ThreadFactory) builder.getMethod("factory").invoke(b);
  }
}
