package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.probe.PullProbe;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Issue 15, item 1, for an application on JDK 25: the cold small package loaded in-process by a JVM
 * that runs with the application's own JDK AOT cache ({@code -XX:AOTCache}, JEPs 483/514/515), made
 * by one training run of the same application on an empty ocipkg cache, against the same JVM
 * without the cache. What an application that already ships an AOT cache gets for ocipkg's cold
 * path by training with an empty {@code OCIPKG_CACHE_DIR}. The probe class path takes this module's
 * jar in place of its classes folder (the cache takes jars only).
 */
final class ApplicationAotBenchmark {
  private static final int ROUNDS = 10;

  /** Why a row that needs {@link #jarsOnly} is not measured. */
  static final String NO_JAR =
      "not measured: no `benchmarks/target/ocipkg-benchmarks-*.jar` (mvn package)";

  private final Bench bench;

  ApplicationAotBenchmark(Bench bench) {
    this.bench = bench;
  }

  /** The row (1k) and its lines for the section's details. */
  record Result(ResultRow row, String details) {}

  Result run(String reference, double budgetSeconds) throws IOException {
    String measure =
        "Cold small package, in-process `open`, with the application's JDK 25 AOT cache";
    Optional<JavaLauncher> jarsOnly = jarsOnly(bench);
    if (jarsOnly.isEmpty()) {
      return new Result(ResultRow.notMeasured("1k", measure, NO_JAR, "—"), NO_JAR + ".\n");
    }
    JavaLauncher java = jarsOnly.get();
    Path aot = bench.workFile("pull-probe.aot");
    bench.log("cold small package: the application's AOT cache, training run");
    pull(java, reference, List.of("-XX:AOTCacheOutput=" + aot, "-Xlog:aot=error"));
    if (!Files.isRegularFile(aot)) {
      String why = "not measured: the training run made no AOT cache";
      return new Result(ResultRow.notMeasured("1k", measure, why, "—"), why + ".\n");
    }
    Samples plain = new Samples();
    Samples cached = new Samples();
    Samples ratio = new Samples();
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      bench.log("cold small package with the application's AOT cache, round " + round);
      double without;
      double with;
      if (round % 2 == 1) {
        without = pull(java, reference, List.of());
        with = pull(java, reference, List.of("-XX:AOTCache=" + aot));
      } else {
        with = pull(java, reference, List.of("-XX:AOTCache=" + aot));
        without = pull(java, reference, List.of());
      }
      plain.add(without);
      cached.add(with);
      ratio.add(with / without);
      bench.samples.add("cold-small-app-aot", "in-process-without", round, without, "s");
      bench.samples.add("cold-small-app-aot", "in-process-with-aot", round, with, "s");
    }
    ResultRow row =
        new ResultRow(
            "1k",
            measure + " vs without",
            Units.seconds(cached.median()) + " (`-XX:AOTCache`)",
            Units.seconds(plain.median()) + " (no AOT cache)",
            ratio.spread(),
            "— (reported; budget " + Units.seconds(budgetSeconds) + ")",
            Double.NaN,
            Verdict.NO_TARGET);
    String details =
        "\n**With the application's AOT cache** (row 1k): the same probe on a class path of jars"
            + " only, one training run on an empty cache with `-XX:AOTCacheOutput=FILE` (JDK 25,"
            + " JEP 514; "
            + Units.mib(Files.size(aot))
            + "), then "
            + rounds
            + " rounds of in-process `open` with `-XX:AOTCache=FILE` and without, alternating.\n\n"
            + DetailTable.HEADER
            + DetailTable.row("in-process `open`, no AOT cache (s)", plain, 3)
            + DetailTable.row("in-process `open`, the application's AOT cache (s)", cached, 3)
            + "\n";
    return new Result(row, details);
  }

  /** The in-process seconds of one cold pull by {@code java}, on an empty cache. */
  private double pull(JavaLauncher java, String reference, List<String> options)
      throws IOException {
    Path cache = bench.freshDirectory("small-aot-cache");
    try {
      bench.processes.settle();
      ProcessResult result =
          bench
              .processes
              .run(java.command(options, PullProbe.class, reference, cache.toString(), "1"))
              .checked();
      return result.longValue("pull-nanos") / 1e9;
    } finally {
      Bench.delete(cache);
    }
  }

  /**
   * The probe launcher with this module's jar (copied into the work folder) in place of its classes
   * folder, as an AOT cache needs; empty if the jar was not built.
   */
  static Optional<JavaLauncher> jarsOnly(Bench bench) throws IOException {
    Optional<Path> moduleJar =
        BuiltJars.find(bench.options.repositoryRoot(), "benchmarks", "ocipkg-benchmarks-.*\\.jar");
    if (moduleJar.isEmpty()) {
      return Optional.empty();
    }
    Path jar = bench.workFile(moduleJar.get().getFileName().toString());
    Files.copy(moduleJar.get(), jar, StandardCopyOption.REPLACE_EXISTING);
    return Optional.of(bench.java.withJarForFolders(jar));
  }
}
