package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every raw measurement of a run, written as {@code samples.csv} beside the results. */
final class SampleLog {
  private final List<String> lines = new ArrayList<>(List.of("benchmark,series,round,value,unit"));

  void add(String benchmark, String series, int round, double value, String unit) {
    lines.add(
        String.format(Locale.ROOT, "%s,%s,%d,%.6f,%s", benchmark, series, round, value, unit));
  }

  void write(Path csv) throws IOException {
    Files.write(csv, lines, StandardCharsets.UTF_8);
  }
}
