package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Issue items 2 (JMH part) and 6 (parsing, matching): the microbenchmark scores as rows. */
final class HotCodeReport {
  private HotCodeReport() {}

  static Section section(List<JmhSuite.Score> scores) {
    ResultRow warmOpen =
        row(
            "2c",
            "`NativeLoader.open(ref)` on a warm cache (JMH)",
            scores,
            s -> s.benchmark().startsWith("WarmOpenBenchmark"));
    ResultRow parsing =
        row(
            "6a",
            "Reference, digest, platform parsing (JMH)",
            scores,
            s -> s.benchmark().startsWith("ValueParsingBenchmark"));
    ResultRow matching =
        row(
            "6b",
            "Platform matching, 8-entry index (JMH)",
            scores,
            s -> s.benchmark().startsWith("PlatformMatchingBenchmark"));
    StringBuilder details = new StringBuilder();
    details.append("Forked JMH runs (1 fork, 2 x 1 s warm-up, 3 x 1 s measurement); score is");
    details.append(" the average time per operation, median of the iterations with min–max.");
    details.append(" `WarmOpenBenchmark` pushes the real demo library to a local registry with");
    details.append(" skopeo, loads it once, then measures `open` and fails if any measured call");
    details.append(" reached the registry.\n\n");
    details.append("| benchmark | median | min | max | unit |\n|---|---|---|---|---|\n");
    for (JmhSuite.Score score : scores) {
      details.append("| `").append(score.label()).append("` | ");
      details.append(number(score.spread().median())).append(" | ");
      details.append(number(score.spread().min())).append(" | ");
      details.append(number(score.spread().max())).append(" | ");
      details.append(score.unit()).append(" |\n");
    }
    return new Section(
        "JMH: warm open, parsing, platform matching",
        List.of(warmOpen, parsing, matching),
        details.toString());
  }

  private static ResultRow row(
      String id, String measure, List<JmhSuite.Score> scores, Predicate<JmhSuite.Score> which) {
    String values =
        scores.stream()
            .filter(which)
            .map(s -> shortName(s) + " " + number(s.spread().median()) + " " + unit(s.unit()))
            .collect(Collectors.joining(", "));
    return new ResultRow(
        id,
        measure,
        values.isEmpty() ? "not run" : values,
        "—",
        null,
        "—",
        Double.NaN,
        Verdict.NO_TARGET);
  }

  private static String shortName(JmhSuite.Score score) {
    String method = score.benchmark().substring(score.benchmark().indexOf('.') + 1);
    return score.params().isEmpty() ? method : String.join(",", score.params().values());
  }

  private static String unit(String jmhUnit) {
    return jmhUnit.replace("/op", "").replace("us", "µs");
  }

  private static String number(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
