/**
 * Server TLS: per-material {@code SSLContext}s, the protocol and cipher-suite policy, mutual TLS
 * and certificate rotation without a restart. Reads its files through {@code
 * io.prom4j.internal.pem}; knows nothing of HTTP or metrics. Not exported by the module.
 */
package io.prom4j.internal.tls;
