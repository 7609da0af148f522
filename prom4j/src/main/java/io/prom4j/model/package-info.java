/**
 * Immutable snapshots of metrics as collectors return them and writers read them: {@link
 * io.prom4j.model.MetricFamily}, {@link io.prom4j.model.Labels} and the data points.
 */
package io.prom4j.model;
