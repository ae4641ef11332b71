package dev.ocipkg.benchmarks.report;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Renders {@code RESULTS.md}: the summary table, then each section's details. */
public final class ResultsMarkdown {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private ResultsMarkdown() {}

  public static String render(RunDescription run, List<Section> sections) {
    StringBuilder md = new StringBuilder();
    md.append("# ocipkg benchmarks\n\n");
    md.append("Produced by `").append(run.command()).append("` on ");
    md.append(WHEN.format(run.started())).append(", in ");
    md.append(formatDuration(run.duration()))
        .append(" (wall clock, fixtures and JMH included).\n\n");
    for (String line : run.environment()) {
      md.append("- ").append(line).append('\n');
    }
    md.append("\nEach ratio is ocipkg's time over the baseline's, computed per round from runs ");
    md.append("made back to back (order alternating), then summarised as median (min–max, n ");
    md.append("rounds). Lower is better. ![ratios](chart.png)\n\n");
    md.append("| # | measure | ocipkg | baseline | ratio ocipkg/baseline | target | verdict |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    List<ResultRow> rows = new ArrayList<>();
    sections.forEach(s -> rows.addAll(s.rows()));
    rows.sort(Comparator.comparing(ResultRow::id));
    for (ResultRow row : rows) {
      md.append("| ").append(row.id());
      md.append(" | ").append(row.measure());
      md.append(" | ").append(row.ocipkg());
      md.append(" | ").append(row.baseline());
      md.append(" | ").append(row.ratio() == null ? "—" : row.ratio().format(2));
      md.append(" | ").append(row.target());
      md.append(" | ").append(row.verdict().markdown());
      md.append(" |\n");
    }
    for (Section section : sections) {
      md.append("\n## ").append(section.title()).append("\n\n");
      md.append(section.details().strip()).append('\n');
    }
    return md.toString();
  }

  private static String formatDuration(Duration d) {
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }
}
