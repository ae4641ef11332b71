package dev.ocipkg.benchmarks.report;

import java.util.List;

/**
 * What one benchmark contributes to the report: its rows in the summary table and a Markdown
 * section with the details (how it was measured, the raw medians, the profile).
 */
public record Section(String title, List<ResultRow> rows, String details) {
  public Section {
    rows = List.copyOf(rows);
  }
}
