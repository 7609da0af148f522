package io.prom4j.exposition;

import io.prom4j.model.MetricType;

/**
 * What the text formats do differently; {@link FamilyWriter} does everything else the same way.
 * Text 0.0.4 and 1.0.0 write the same lines, so they share a dialect: they differ only in their
 * Content-Type and in which name escaping 1.0.0 may announce there, which {@link TextFormat}
 * decides. OpenMetrics differs in every setting below. The name escaping scheme is not part of the
 * dialect: every format takes any scheme.
 *
 * @param suffixedHeaders HELP and TYPE name a counter {@code c_total} and an info {@code i_info}
 *     (the name of the first sample, as Prometheus' text format does) instead of the family name
 * @param openMetricsTypes TYPE says {@code info}, {@code stateset}, {@code gaugehistogram}, {@code
 *     unknown}; otherwise {@code gauge}, {@code gauge}, {@code histogram}, {@code untyped}
 * @param quotedHelp HELP escapes {@code "} too, not just {@code \} and line feed
 * @param units a non-empty unit is written as {@code # UNIT}
 * @param created where {@code _created} samples go
 * @param exemplars exemplars follow counter {@code _total} and histogram {@code _bucket} values
 * @param inlineGaugeHistogramTotals a gauge histogram's {@code _gcount} and {@code _gsum} follow
 *     each series' buckets; otherwise they are two {@code gauge} families after the histogram
 * @param eof the body ends with {@code # EOF}
 */
record TextDialect(
    boolean suffixedHeaders,
    boolean openMetricsTypes,
    boolean quotedHelp,
    boolean units,
    Created created,
    boolean exemplars,
    boolean inlineGaugeHistogramTotals,
    boolean eof) {

  /** Where {@code _created} samples go (for counters, summaries and histograms). */
  enum Created {
    /** Nowhere. */
    NONE,
    /** After each series' other samples, under the family (OpenMetrics). */
    INLINE,
    /** In a {@code <name>_created} gauge family after the family (text, as Python writes it). */
    FAMILY
  }

  /** Text 0.0.4 and 1.0.0, without {@code _created}: the default of every scrape. */
  static final TextDialect TEXT =
      new TextDialect(true, false, false, false, Created.NONE, false, false, false);

  /** Text 0.0.4 and 1.0.0 with {@code _created} gauge families ({@code createdSeries(true)}). */
  static final TextDialect TEXT_CREATED =
      new TextDialect(true, false, false, false, Created.FAMILY, false, false, false);

  /** OpenMetrics 1.0.0, without {@code _created}: the default. */
  static final TextDialect OPENMETRICS =
      new TextDialect(false, true, true, true, Created.NONE, true, true, true);

  /** OpenMetrics 1.0.0 with inline {@code _created} samples ({@code createdSeries(true)}). */
  static final TextDialect OPENMETRICS_CREATED =
      new TextDialect(false, true, true, true, Created.INLINE, true, true, true);

  /** The TYPE keyword of a family of type {@code t}. */
  String typeName(MetricType t) {
    if (openMetricsTypes) {
      return t.openMetricsName();
    }
    return switch (t) {
      case COUNTER -> "counter";
      case GAUGE, INFO, STATESET -> "gauge";
      case SUMMARY -> "summary";
      case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
      case UNKNOWN -> "untyped";
    };
  }
}
