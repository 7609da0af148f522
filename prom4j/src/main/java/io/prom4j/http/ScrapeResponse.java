package io.prom4j.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where {@link ScrapeHandler} writes its answer: headers, then a status and a body. A front end
 * implements it over its own response object and chooses the framing ({@code Content-Length} or
 * chunked); headers that frame the body ({@code Content-Length}, {@code Transfer-Encoding}, {@code
 * Connection}, {@code Date}) are the front end's and never passed here.
 *
 * <p>The handler calls {@link #header} zero or more times, then {@link #body} exactly once, writes
 * the body and returns; it does not close the stream. If rendering fails after {@link #body}, the
 * handler calls {@link #reset()}: a front end that has sent nothing yet discards the headers and
 * the bytes written and returns true, and the handler then writes an error answer from the start;
 * one that has already sent part of the response returns false, and the handler throws, so the
 * front end ends the exchange without completing it (a client never takes a truncated body for a
 * complete scrape).
 */
public interface ScrapeResponse {

  /** Adds a response header; called before {@link #body}. */
  void header(String name, String value);

  /**
   * Fixes the status (after every {@link #header}) and returns the stream for the body, possibly
   * empty. The stream is the front end's: the handler neither flushes nor closes it.
   *
   * @throws IOException if the client is gone
   */
  OutputStream body(int status) throws IOException;

  /**
   * Discards the headers, the status and the body written so far, if none of it has been sent.
   *
   * @return true if the response was discarded and may be started again with {@link #header} and
   *     {@link #body}; false if part of it has been sent
   */
  boolean reset();
}
