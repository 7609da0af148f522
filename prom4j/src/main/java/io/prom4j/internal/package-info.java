/**
 * Implementation details shared by prom4j's packages; not exported by the module.
 *
 * <ul>
 *   <li>{@link io.prom4j.internal.DoubleFormat}: number formatting for every exposition format.
 *   <li>{@link io.prom4j.internal.FamilyBoundary}: where a family's bytes end, for a stream that
 *       compresses in reusable blocks.
 *   <li>{@link io.prom4j.internal.LabelsCache}: the writers' encoded-labels slot in each {@code
 *       Labels}.
 *   <li>{@link io.prom4j.internal.TrustedLabels}: the uncopied path into {@code Labels} for
 *       prom4j's own metrics, whose children share one array of label names.
 *   <li>{@link io.prom4j.internal.TrustedFamilies}: the unchecked path into {@code MetricFamily}
 *       for prom4j's own metrics, and the unit rule both paths share.
 * </ul>
 *
 * <p>Two small cycles between packages are deliberate. {@code io.prom4j.model} and this package
 * name each other ({@code Labels} registers its cache accessor in {@code LabelsCache} and its
 * factory in {@code TrustedLabels}; {@code MetricFamily} asks {@code TrustedFamilies} whether its
 * points are trusted), so that neither detail becomes public API. {@code io.prom4j} and {@code
 * io.prom4j.jvm} name each other ({@code DefaultRegistry} registers {@code JvmMetrics.defaults()};
 * the JVM collectors implement {@code Collector}), so that the default registry holds the JVM
 * metrics as in the Python client.
 */
package io.prom4j.internal;
