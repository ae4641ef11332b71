package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Issue 15, item 1, for the command line: {@code ocipkg pull} of the small package on an empty
 * cache, a fresh JVM each time, with the JDK AOT cache the build makes beside the jar ({@code
 * ocipkg-cli-*-all.aot}, used the way the launcher uses it), against the same command without it
 * and against {@code skopeo copy} + {@code tar -xzf}. Measured only when {@code
 * cli/target/ocipkg-cli-*-all.jar} exists; when the build's cache is missing or does not match the
 * jar, one training run of the measured command makes one here, from a copy of the jar.
 */
final class CliAotBenchmark {
  private static final int ROUNDS = 12;

  private final Bench bench;
  private final PullCommands pulls;

  CliAotBenchmark(Bench bench, PullCommands pulls) {
    this.bench = bench;
    this.pulls = pulls;
  }

  Section run() throws IOException {
    Optional<Path> built = cliJar();
    String measure = "CLI `ocipkg pull`, cold small package, with the JDK 25 AOT cache";
    if (built.isEmpty()) {
      String why = "not measured: no `cli/target/ocipkg-cli-*-all.jar` (build the cli module)";
      return new Section(
          "1i. The command line and the AOT cache",
          List.of(ResultRow.notMeasured("1i", measure, why, "—")),
          why + ".\n");
    }
    Path jar = built.get();
    Path aot = Path.of(jar.toString().replaceFirst("\\.jar$", ".aot"));
    String reference = bench.tagReference(Bench.SMALL_PACKAGE);
    String origin = "made by the build (the cli module's training run, `AotTraining`)";
    if (!usable(jar, aot)) {
      // None, or older than the jar: a cache from one training run of the measured command.
      jar = bench.workFile(built.get().getFileName().toString());
      Files.copy(built.get(), jar, StandardCopyOption.REPLACE_EXISTING);
      aot = bench.workFile("ocipkg-cli.aot");
      origin =
          "made here by one training run of the same command (the build's is missing or older"
              + " than the jar)";
      bench.log("CLI: AOT cache training run");
      ProcessResult training = pull(jar, reference, List.of("-XX:AOTCacheOutput=" + aot));
      if (!Files.isRegularFile(aot)) {
        String why =
            "not measured: the training run made no AOT cache (exit code "
                + training.exitCode()
                + ": "
                + training.stderr().lines().findFirst().orElse("no output")
                + ")";
        return new Section(
            "1i. The command line and the AOT cache",
            List.of(ResultRow.notMeasured("1i", measure, why, "—")),
            why + ".\n");
      }
    }
    String layer = bench.fixtures.smallPackage().manifest(NativeTestLibs.platform()).layerDigest();

    Samples plain = new Samples();
    Samples cached = new Samples();
    Samples skopeoTar = new Samples();
    Samples aotRatio = new Samples();
    Samples skopeoRatio = new Samples();
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      bench.log("CLI pull round " + round + "/" + rounds);
      double[] s = new double[3];
      for (int i = 0; i < 3; i++) {
        int variant = (i + round) % 3;
        s[variant] =
            switch (variant) {
              case 0 -> pull(jar, reference, List.of()).checked().wallSeconds();
              case 1 -> pull(jar, reference, launcherAotOptions(aot)).checked().wallSeconds();
              default -> {
                double[] t =
                    ColdSmallPackageBenchmark.skopeoThenTar(bench, pulls, reference, layer);
                yield t[0] + t[1];
              }
            };
      }
      plain.add(s[0]);
      cached.add(s[1]);
      skopeoTar.add(s[2]);
      aotRatio.add(s[1] / s[0]);
      skopeoRatio.add(s[1] / s[2]);
      bench.samples.add("cli-pull", "without-aot", round, s[0], "s");
      bench.samples.add("cli-pull", "with-aot", round, s[1], "s");
      bench.samples.add("cli-pull", "skopeo-then-tar", round, s[2], "s");
    }
    ResultRow versusPlain =
        new ResultRow(
            "1i",
            measure + " vs without",
            Units.seconds(cached.median()) + " (`-XX:AOTCache`)",
            Units.seconds(plain.median()) + " (no AOT cache)",
            aotRatio.spread(),
            "— (reported)",
            Double.NaN,
            Verdict.NO_TARGET);
    ResultRow versusSkopeo =
        new ResultRow(
            "1j",
            measure + " vs skopeo copy + tar",
            Units.seconds(cached.median()),
            Units.seconds(skopeoTar.median()) + " (`skopeo copy` + `tar -xzf`)",
            skopeoRatio.spread(),
            "<= 1.00x skopeo + tar",
            1.0,
            Verdict.atMost(skopeoRatio.median(), 1.0));
    String details =
        "`java -jar ocipkg-cli-…-all.jar --cache-dir EMPTY pull REF` (the launcher's command),"
            + " a fresh JVM and an empty cache each time, on the small package of section 1c."
            + " With the cache, the options the launcher `cli/bin/ocipkg` adds on JDK 25 and"
            + " later (`-XX:AOTCache=FILE -Xlog:aot=off -Xlog:cds=off`). The AOT cache ("
            + Units.mib(Files.size(aot))
            + ") is "
            + origin
            + ": the classes the training loaded and linked, and its method profiles (JEPs"
            + " 483, 514, 515).\n\n"
            + DetailTable.HEADER
            + DetailTable.row("`ocipkg pull`, no AOT cache (s)", plain, 3)
            + DetailTable.row("`ocipkg pull`, `-XX:AOTCache` (s)", cached, 3)
            + DetailTable.row("skopeo copy, then tar (s)", skopeoTar, 3)
            + "\n";
    return new Section(
        "1i. The command line and the AOT cache", List.of(versusPlain, versusSkopeo), details);
  }

  private ProcessResult pull(Path jar, String reference, List<String> jvmOptions)
      throws IOException {
    Path cache = bench.freshDirectory("cli-cache");
    try {
      List<String> command = new ArrayList<>();
      command.add(bench.java.java().toString());
      command.addAll(jvmOptions);
      command.addAll(
          List.of("-jar", jar.toString(), "--cache-dir", cache.toString(), "pull", reference));
      bench.processes.settle();
      return bench.processes.run(command);
    } finally {
      Bench.delete(cache);
    }
  }

  /** Whether the JVM maps {@code aot} for {@code jar} ({@code -XX:AOTMode=on} fails otherwise). */
  private boolean usable(Path jar, Path aot) throws IOException {
    if (!Files.isRegularFile(aot)) {
      return false;
    }
    List<String> command =
        List.of(
            bench.java.java().toString(),
            "-XX:AOTMode=on",
            "-XX:AOTCache=" + aot,
            "-jar",
            jar.toString(),
            "--version");
    return bench.processes.run(command).exitCode() == 0;
  }

  /** What {@code cli/bin/ocipkg} passes the JVM when it finds the cache beside the jar. */
  private static List<String> launcherAotOptions(Path aot) {
    return List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off");
  }

  private Optional<Path> cliJar() throws IOException {
    return BuiltJars.find(bench.options.repositoryRoot(), "cli", "ocipkg-cli-.*-all\\.jar");
  }
}
