package io.prom4j.model;

/**
 * One exposed sample: a full sample name (with suffix), its labels and its value.
 *
 * @param name the sample name, for example {@code requests_total}
 * @param labels the labels, including {@code le}, {@code quantile} or a state label
 * @param value the value
 */
public record Sample(String name, Labels labels, double value) {}
