package dev.ocipkg.benchmarks.report;

import java.util.Locale;

/** A measured quantity over {@code n} rounds: its median, and the smallest and largest value. */
public record Spread(double median, double min, double max, int n) {

  /** {@code 1.04 (0.98–1.12, n=20)} with {@code decimals} places. */
  public String format(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " (" + f + "–" + f + ", n=%d)", median, min, max, n);
  }
}
