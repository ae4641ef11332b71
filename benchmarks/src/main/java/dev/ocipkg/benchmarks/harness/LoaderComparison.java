package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.probe.PullProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cold pull (fresh JVM, empty cache) with this loader and with each of {@code --compare-loaders}'
 * jars, in the same rounds (order rotating): what a change of the loader moved, free of the
 * machine's load, which differs from run to run.
 */
final class LoaderComparison {
  private final Bench bench;

  LoaderComparison(Bench bench) {
    this.bench = bench;
  }

  /**
   * Markdown: a table of each loader's whole-process and in-process times; empty without {@code
   * --compare-loaders}.
   *
   * @param what how the table names the pull ("cold small package")
   * @param series the samples' series name
   * @param rounds the rounds before {@code --rounds} multiplies them
   * @param decimals the decimals of the table's figures
   */
  String run(String reference, String what, String series, int rounds, int decimals)
      throws IOException {
    Map<String, Path> loaders = bench.options.compareLoaders();
    if (loaders.isEmpty()) {
      return "";
    }
    List<String> names = new ArrayList<>(List.of("this loader"));
    names.addAll(loaders.keySet());
    List<JavaLauncher> launchers = new ArrayList<>(List.of(bench.java));
    loaders.values().forEach(jar -> launchers.add(bench.java.withLoaderJar(jar)));
    List<Samples> wall = new ArrayList<>();
    List<Samples> inProcess = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      wall.add(new Samples());
      inProcess.add(new Samples());
    }
    int total = bench.options.rounds(rounds);
    for (int round = 1; round <= total; round++) {
      bench.log(what + ", loaders compared, round " + round + "/" + total);
      for (int i = 0; i < names.size(); i++) {
        int variant = (i + round) % names.size();
        Path cache = bench.freshDirectory("compare-loaders-cache");
        try {
          bench.processes.settle();
          ProcessResult run =
              bench
                  .processes
                  .run(
                      launchers
                          .get(variant)
                          .command(List.of(), PullProbe.class, reference, cache.toString(), "1"))
                  .checked();
          wall.get(variant).add(run.wallSeconds());
          inProcess.get(variant).add(run.longValue("pull-nanos") / 1e9);
          bench.samples.add(series, names.get(variant), round, run.wallSeconds(), "s");
        } finally {
          Bench.delete(cache);
        }
      }
    }
    StringBuilder table =
        new StringBuilder(
            "Loaders compared in the same rounds (`--compare-loaders`, order rotating), "
                + what
                + ", fresh JVM, empty cache:\n\n"
                + DetailTable.HEADER);
    for (int i = 0; i < names.size(); i++) {
      table.append(DetailTable.row(names.get(i) + ", whole process (s)", wall.get(i), decimals));
      table.append(
          DetailTable.row(names.get(i) + ", in-process `open` (s)", inProcess.get(i), decimals));
    }
    return table.append('\n').toString();
  }
}
