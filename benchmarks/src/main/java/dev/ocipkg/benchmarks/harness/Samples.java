package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.report.Spread;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measurements of one quantity over the rounds of a run. */
final class Samples {
  private final List<Double> values = new ArrayList<>();

  void add(double value) {
    values.add(value);
  }

  int size() {
    return values.size();
  }

  /** The value added {@code index}-th (0 first): the rounds in order. */
  double get(int index) {
    return values.get(index);
  }

  double median() {
    return quantile(0.5);
  }

  double min() {
    return sorted().get(0);
  }

  double max() {
    List<Double> sorted = sorted();
    return sorted.get(sorted.size() - 1);
  }

  /** Median with min and max. */
  Spread spread() {
    return new Spread(median(), min(), max(), size());
  }

  /** Linear interpolation between the closest ranks. */
  private double quantile(double q) {
    List<Double> sorted = sorted();
    if (sorted.isEmpty()) {
      throw new IllegalStateException("no samples");
    }
    double position = q * (sorted.size() - 1);
    int below = (int) Math.floor(position);
    int above = (int) Math.ceil(position);
    return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * (position - below);
  }

  /** The same samples times {@code factor}, e.g. to change units. */
  Samples scaled(double factor) {
    Samples scaled = new Samples();
    values.forEach(v -> scaled.add(v * factor));
    return scaled;
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }
}
