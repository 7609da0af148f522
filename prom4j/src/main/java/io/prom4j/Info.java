package io.prom4j;

import io.prom4j.model.InfoDataPoint;
import io.prom4j.model.Labels;
import io.prom4j.model.MetricType;
import java.util.Map;
import java.util.Objects;

/**
 * Information carried as labels, with the value 1: a build's version and revision.
 *
 * <pre>{@code
 * Info build = Info.builder().name("myapp_build").help("Build info.").register();
 * build.info(Map.of("version", "1.2.3", "revision", "abc"));
 * }</pre>
 *
 * <p>The sample is named {@code <name>_info} ({@code myapp_build_info}). Its labels are the child's
 * own labels plus the ones last given to {@link #info(Map)}; none until then. An info metric takes
 * no unit.
 */
public final class Info extends Metric<Info.Child> {

  private final Child unlabelled;

  private Info(Builder builder) {
    super(builder, MetricType.INFO);
    this.unlabelled = initialChild();
  }

  /** A builder; {@code name} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Replaces the info labels.
   *
   * @throws IllegalArgumentException if a key is not a valid label name or is one of the metric's
   *     label names
   * @throws NullPointerException if a key or value is null
   * @throws IllegalStateException if the metric has label names: use {@code labels(...)}
   */
  public void info(Map<String, String> info) {
    direct(unlabelled).info(info);
  }

  @Override
  Child newChild(Labels labels) {
    return new Child(this, labels);
  }

  /** Builds an {@link Info}. */
  public static final class Builder extends Metric.Builder<Builder, Info> {
    Builder() {}

    @Override
    public Info build() {
      return new Info(this);
    }
  }

  /**
   * One info series.
   *
   * <p>Implementation notes: {@link #info(Map)} builds the merged labels and publishes them with
   * one volatile write, so a scrape sees either the old or the new set, never a mix.
   */
  public static final class Child extends Keyed implements InfoDataPoint {
    private final Info metric;
    private volatile Labels labels;

    Child(Info metric, Labels own) {
      super(own);
      this.metric = metric;
      this.labels = own;
    }

    /**
     * Replaces the info labels.
     *
     * @throws IllegalArgumentException if a key is not a valid label name or is one of the metric's
     *     label names
     * @throws NullPointerException if a key or value is null
     */
    public void info(Map<String, String> info) {
      Objects.requireNonNull(info, "info");
      for (Map.Entry<String, String> e : info.entrySet()) {
        String key = Objects.requireNonNull(e.getKey(), "info label name");
        Names.checkLabelName("info label name", key);
        if (this.key.contains(key)) {
          throw new IllegalArgumentException(
              "info label overlaps a label name of " + metric + ": " + key);
        }
        if (e.getValue() == null) {
          throw new NullPointerException("info label value for '" + key + "' is null");
        }
      }
      labels = this.key.merge(Labels.of(info));
    }

    /** The series' labels merged with the info labels. */
    @Override
    public Labels labels() {
      return labels;
    }
  }
}
