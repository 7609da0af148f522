/**
 * Exposition formats: Prometheus text (0.0.4 and 1.0.0), OpenMetrics 1.0.0, name escaping and the
 * content negotiation that every HTTP front end shares.
 */
package io.prom4j.exposition;
