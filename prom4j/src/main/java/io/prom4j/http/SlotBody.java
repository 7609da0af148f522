package io.prom4j.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A scrape's response body as its {@link ScrapeGate.Slot} sees it: each write to the client is
 * marked, so that a write that stays blocked (the client stopped reading) lets a waiting scrape
 * take the slot; once that happened, the blocked write's return fails the scrape, and the front end
 * closes the connection. Costs a {@link System#nanoTime()} and two volatile writes per chunk
 * written, not per series.
 */
final class SlotBody extends OutputStream {

  private final OutputStream out;
  private final ScrapeGate.Slot slot;

  SlotBody(OutputStream out, ScrapeGate.Slot slot) {
    this.out = out;
    this.slot = slot;
  }

  @Override
  public void write(int b) throws IOException {
    begin();
    try {
      out.write(b);
    } finally {
      slot.writing(0);
    }
    checkNotPreempted();
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    begin();
    try {
      out.write(b, off, len);
    } finally {
      slot.writing(0);
    }
    checkNotPreempted();
  }

  @Override
  public void flush() throws IOException {
    begin();
    try {
      out.flush();
    } finally {
      slot.writing(0);
    }
    checkNotPreempted();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void begin() throws IOException {
    if (slot.preempted()) {
      throw new IOException("the client read too slowly: its scrape slot went to a waiting scrape");
    }
    long now = System.nanoTime();
    slot.writing(now == 0 ? 1 : now);
  }

  private void checkNotPreempted() throws IOException {
    if (slot.preempted()) {
      throw new IOException("the client read too slowly: its scrape slot went to a waiting scrape");
    }
  }
}
