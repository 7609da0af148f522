package io.prom4j.internal.server;

/**
 * A parsed request head: the request for the routing core plus what the engine needs for framing
 * the answer.
 *
 * @param request the request
 * @param http10 whether the request line said HTTP/1.0 (the answer says the same)
 * @param keepAlive whether the client asked to keep the connection open (HTTP/1.1 unless {@code
 *     Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive})
 */
public record RequestHead(Request request, boolean http10, boolean keepAlive) {}
