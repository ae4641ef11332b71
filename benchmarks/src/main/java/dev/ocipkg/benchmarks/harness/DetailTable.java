package dev.ocipkg.benchmarks.harness;

/** The Markdown table of medians, minima and maxima in the details of a section. */
final class DetailTable {
  static final String HEADER = "| | median | min | max |\n|---|---|---|---|\n";

  private DetailTable() {}

  static String row(String label, Samples samples, int decimals) {
    return "| "
        + label
        + " | "
        + Units.fixed(samples.median(), decimals)
        + " | "
        + Units.fixed(samples.min(), decimals)
        + " | "
        + Units.fixed(samples.max(), decimals)
        + " |\n";
  }
}
