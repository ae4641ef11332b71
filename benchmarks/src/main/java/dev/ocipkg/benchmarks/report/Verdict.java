package dev.ocipkg.benchmarks.report;

/** How a row stands against its target. */
public enum Verdict {
  MET("met"),
  MISSED("**missed**"),
  NO_TARGET("—"),
  NOT_MEASURED("not measured");

  private final String markdown;

  Verdict(String markdown) {
    this.markdown = markdown;
  }

  String markdown() {
    return markdown;
  }

  /** MET when {@code ratio <= target}, else MISSED. */
  public static Verdict atMost(double ratio, double target) {
    return ratio <= target ? MET : MISSED;
  }
}
