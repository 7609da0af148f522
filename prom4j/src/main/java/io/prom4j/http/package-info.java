/**
 * HTTP and HTTPS exposition: {@link io.prom4j.http.MetricsServer}, a small HTTP/1.1 server of
 * prom4j's own; {@link io.prom4j.http.MetricsHandler} for an existing {@code
 * com.sun.net.httpserver.HttpServer}; and {@link io.prom4j.http.ScrapeHandler}, the
 * transport-neutral scrape core that both (and the servlet, and any front end of yours) answer
 * through, so the routing table, content negotiation, {@code name[]}, gzip and the error bodies
 * live in one place.
 *
 * <h2>HTTPS</h2>
 *
 * <p>HTTPS is on when both {@link io.prom4j.http.MetricsServer.Builder#certFile} and {@link
 * io.prom4j.http.MetricsServer.Builder#keyFile} are set (PEM files; key formats at {@link
 * io.prom4j.http.MetricsServer.Builder#keyFile}); {@link
 * io.prom4j.http.MetricsServer.Builder#clientAuthRequired} adds mutual TLS. Every file is read and
 * checked at {@link io.prom4j.http.MetricsServer.Builder#start()}, which fails with a message
 * naming the file, its role and the setting. Protocols are TLS 1.2 and 1.3, or one of them ({@link
 * io.prom4j.http.MetricsServer.Builder#tlsMinVersion}/{@link
 * io.prom4j.http.MetricsServer.Builder#tlsMaxVersion}); TLS 1.2 offers only ECDHE suites with
 * AES-GCM or ChaCha20-Poly1305. Rotation needs no restart: when a new connection arrives, the files
 * are checked for changes at most once a second, and new handshakes use the new material; existing
 * connections keep theirs. A replacement that does not load (a half-written file, a key that does
 * not match) is ignored, the last good material stays in use, and one WARNING is logged
 * (System.Logger {@code io.prom4j.http.ServerTls}) until the files load again. Handshakes run on
 * the connection's thread under {@link io.prom4j.http.MetricsServer.Builder#headTimeout}; a refused
 * client (no certificate, an untrusted or expired one, an unsupported protocol) gets the TLS alert
 * that says why, then the connection is half-closed and drained briefly so that no TCP reset
 * overtakes the alert. Each server has its own {@code SSLContext}; the JVM's default one is never
 * used or changed.
 *
 * <h2>Differences from the Python client</h2>
 *
 * <p>Deliberate: an IPv4 address such as {@code 0.0.0.0} listens on IPv4 only and {@code ::} is
 * always dual-stack (the JDK opens IPv6 sockets with {@code IPV6_V6ONLY} off); HTTP/1.1 keep-alive
 * instead of one HTTP/1.0 response per connection; errors, including 500s, use the {@code # HTTP
 * ...} body (Python sends wsgiref's generic page for a 500); error bodies carry {@code
 * Content-Type: text/plain; charset=utf-8}; {@code HEAD} gets no body; a malformed {@code name[]}
 * query gets a 400; metrics responses carry {@code Vary}; half-configured TLS fails at {@link
 * io.prom4j.http.MetricsServer.Builder#start()} instead of silently serving plain HTTP; rotated TLS
 * files are picked up without a restart (Python reads them once); TLS handshakes never run on the
 * accept thread (in Python one silent client blocks every HTTPS scrape); encrypted keys are
 * accepted ({@link io.prom4j.http.MetricsServer.Builder#keyPassword}); gzip can be turned off
 * ({@link io.prom4j.http.MetricsServer.Builder#compression}).
 */
package io.prom4j.http;
