/**
 * prom4j's HTTP/1.1 engine: accepting, TLS wrapping, head parsing, limits and deadlines, framing
 * and writing responses. It knows HTTP and nothing of metrics; the scrape core in {@code
 * io.prom4j.http} plugs into it through {@link io.prom4j.internal.server.RequestHandler}. Not
 * exported by the module: the types are public only so that {@code io.prom4j.http} can use them.
 */
package io.prom4j.internal.server;
