package io.prom4j.internal.tls;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A {@link System.Logger} that records what {@link ServerTls} logs, injected through {@code
 * ServerTls.load(settings, nanoTime, interval, logger)}. (The tests are compiled inside the
 * io.prom4j module, which does not read java.logging, so a java.util.logging Handler is not
 * available to them; injection also keeps tests free of JVM-global logging state.)
 */
final class TlsLogCapture implements System.Logger {

  private record Entry(Level level, String message) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** The formatted messages logged at exactly {@code level}, oldest first. */
  List<String> messages(Level level) {
    return entries.stream()
        .filter(e -> e.level() == level)
        .map(Entry::message)
        .collect(Collectors.toList());
  }

  @Override
  public String getName() {
    return ServerTls.LOGGER_NAME;
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    entries.add(new Entry(level, message));
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    entries.add(
        new Entry(
            level,
            params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
  }
}
