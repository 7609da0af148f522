/**
 * Metrics and their registry: {@link io.prom4j.Counter}, {@link io.prom4j.Gauge}, {@link
 * io.prom4j.Histogram}, {@link io.prom4j.Summary}, {@link io.prom4j.Info}, {@link
 * io.prom4j.StateSet}, {@link io.prom4j.CollectorRegistry} and {@link io.prom4j.Collector}.
 */
package io.prom4j;
