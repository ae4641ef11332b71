package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines at the top of RESULTS.md that say what machine and which tools produced it. */
final class MachineDescription {
  private MachineDescription() {}

  static List<String> describe(Bench bench, ProbeClassPath probes, String loadAverages)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Machine: "
            + firstValue(Path.of("/proc/cpuinfo"), "model name")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + memory()
            + ", Linux "
            + System.getProperty("os.version")
            + " (shared and noisy: hence medians over rounds)");
    lines.add(
        "JVM of the probes, JMH and the harness: "
            + System.getProperty("java.vm.name")
            + " "
            + Runtime.version()
            + ", default options");
    lines.add("Loader under test: " + probes.loader());
    lines.add(
        "Load average (1 min) when each benchmark started: "
            + loadAverages
            + " (other work on the machine shows here)");
    lines.add(
        "Tools: "
            + firstLine(bench, List.of("skopeo", "--version"))
            + "; "
            + firstLine(bench, List.of("docker-registry", "--version"))
            + "; "
            + firstLine(bench, List.of("curl", "--version"))
            + "; "
            + firstLine(bench, List.of("tar", "--version")));
    return lines;
  }

  private static String firstLine(Bench bench, List<String> command) {
    try {
      ProcessResult result = bench.processes.run(command);
      String text = result.stdout().isBlank() ? result.stderr() : result.stdout();
      return text.lines().findFirst().orElse(command.get(0) + " (no version)").trim();
    } catch (IOException e) {
      return command.get(0) + " (not found)";
    }
  }

  private static String memory() throws IOException {
    String total = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    try {
      long kib = Long.parseLong(total.replace("kB", "").trim());
      return String.format(Locale.ROOT, "%.0f GiB RAM", kib / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return total;
    }
  }

  private static String firstValue(Path file, String key) throws IOException {
    if (!Files.exists(file)) {
      return "unknown";
    }
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }
}
