/**
 * HTTP and HTTPS exposition: {@link io.prom4j.http.MetricsServer}, a small HTTP/1.1 server of
 * prom4j's own, and {@link io.prom4j.http.MetricsHandler} for an existing {@code
 * com.sun.net.httpserver.HttpServer}. Both answer through the same routing core.
 */
package io.prom4j.http;
