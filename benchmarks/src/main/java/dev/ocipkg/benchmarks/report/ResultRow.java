package dev.ocipkg.benchmarks.report;

import org.jspecify.annotations.Nullable;

/**
 * One line of the results table: ocipkg against its baseline.
 *
 * @param id the item number and a letter, e.g. {@code 1a}
 * @param ratio ocipkg over baseline, as a time ratio (lower is better), per round; null when not
 *     measured
 * @param target the target in words, e.g. {@code <= 1.10x}
 * @param targetRatio the target as a time ratio for the chart; NaN where there is none
 */
public record ResultRow(
    String id,
    String measure,
    String ocipkg,
    String baseline,
    @Nullable Spread ratio,
    String target,
    double targetRatio,
    Verdict verdict) {

  /** A row that could not be measured, saying why in {@code ocipkg}. */
  public static ResultRow notMeasured(String id, String measure, String why, String target) {
    return new ResultRow(id, measure, why, "", null, target, Double.NaN, Verdict.NOT_MEASURED);
  }
}
