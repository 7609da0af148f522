package io.prom4j.internal.server;

import io.prom4j.internal.tls.ServerTls;

/**
 * What every connection of one server shares, built once by the {@link Acceptor} at start: the
 * connection sees its server through this and nothing else. Immutable; the live parts are the
 * {@link ServerTls} (it swaps its material on reload, so a connection always reads the current one
 * through it), the pool, and the {@link Owner}.
 *
 * @param limits the server's limits
 * @param tls the server's TLS layer; null for plain HTTP
 * @param buffers the pool of response buffers
 * @param handler what answers each request
 * @param owner the two things a connection asks of the server while it runs
 */
record ConnectionContext(
    Limits limits, ServerTls tls, BufferPool buffers, RequestHandler handler, Owner owner) {

  /** The server as a connection sees it while it runs. */
  interface Owner {

    /**
     * True once shutdown has begun: a connection reads it between requests and takes no further
     * one. Shutdown sets it before it looks at any connection.
     */
    boolean stopping();

    /** Called once by every connection when it ends: releases its slot. */
    void finished(Connection c);
  }
}
