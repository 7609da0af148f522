package io.prom4j.benchmarks;

import java.io.OutputStream;

/**
 * Discards every byte. Unlike {@link OutputStream#nullOutputStream()}, it survives {@code close()}
 * (a {@code GZIPOutputStream} closes it after every scrape).
 */
public final class DiscardingStream extends OutputStream {

  @Override
  public void write(int b) {}

  @Override
  public void write(byte[] b, int off, int len) {}
}
