package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Issue 15, item 2, for an application on JDK 25 that ships its own AOT cache ({@code
 * -XX:AOTCache}, JEPs 483/514/515): the warm digest-pinned load of section 2 against {@code
 * Native.load(file)}, each program with the cache of its own training run. What is left of ocipkg's
 * warm cost once its classes come from the cache as the JDK's do: without one, most of it is
 * loading and linking some 30 classes from a jar, interpreted. Row 2l.
 */
final class WarmAotBenchmark {
  private static final int ROUNDS = 20;
  private static final double TARGET = 1.03;

  private final Bench bench;
  private final WarmCache cache;

  WarmAotBenchmark(Bench bench, WarmCache cache) {
    this.bench = bench;
    this.cache = cache;
  }

  Section run() throws IOException {
    String measure =
        "Warm load + 1 JNA call, digest-pinned, with each program's JDK 25 AOT cache (whole JVM)";
    Optional<JavaLauncher> jarsOnly = ApplicationAotBenchmark.jarsOnly(bench);
    if (jarsOnly.isEmpty()) {
      return notMeasured(measure, ApplicationAotBenchmark.NO_JAR);
    }
    JavaLauncher java = jarsOnly.get();
    Path ocipkgAot = bench.workFile("warm-ocipkg.aot");
    Path fileAot = bench.workFile("warm-file.aot");
    bench.log("warm load with AOT caches: training runs");
    bench.processes.run(ocipkg(java, training(ocipkgAot))).checked();
    bench.processes.run(cache.fileLoad(java, training(fileAot))).checked();
    if (!Files.isRegularFile(ocipkgAot) || !Files.isRegularFile(fileAot)) {
      return notMeasured(measure, "not measured: a training run made no AOT cache");
    }
    List<List<String>> variants =
        List.of(cache.fileLoad(java, using(fileAot)), ocipkg(java, using(ocipkgAot)));
    Samples file = new Samples();
    Samples ocipkg = new Samples();
    Samples fileInProcess = new Samples();
    Samples ocipkgInProcess = new Samples();
    Samples ratio = new Samples();
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      bench.log("warm load with AOT caches, round " + round);
      WarmRound timed = WarmRound.run(bench, variants, round);
      double[] millis = timed.wallMillis();
      double[] inProcess = timed.inProcessMillis();
      file.add(millis[0]);
      ocipkg.add(millis[1]);
      fileInProcess.add(inProcess[0]);
      ocipkgInProcess.add(inProcess[1]);
      ratio.add(millis[1] / millis[0]);
      bench.samples.add("warm-load-aot", "jna-file", round, millis[0], "ms");
      bench.samples.add("warm-load-aot", "ocipkg-digest", round, millis[1], "ms");
    }
    ResultRow row =
        new ResultRow(
            "2l",
            measure,
            Units.millis(ocipkg.median()) + " (ocipkg, its AOT cache)",
            Units.millis(file.median()) + " (`Native.load(file)`, its AOT cache)",
            ratio.spread(),
            "<= 1.03x",
            TARGET,
            Verdict.atMost(ratio.median(), TARGET));
    String details =
        "The probe of section 2 on a class path of jars only (this module's jar in place of its"
            + " classes folder). Each variant trained once with `-XX:AOTCacheOutput=FILE` (its"
            + " own cache: "
            + Units.mib(Files.size(ocipkgAot))
            + " for ocipkg's load, "
            + Units.mib(Files.size(fileAot))
            + " for the plain one), then "
            + rounds
            + " rounds of both with `-XX:AOTCache=FILE`, order alternating.\n\n"
            + DetailTable.HEADER
            + DetailTable.row("`Native.load(file)`, its AOT cache (ms)", file, 0)
            + DetailTable.row("ocipkg digest-pinned, its AOT cache (ms)", ocipkg, 0)
            + DetailTable.row("in-process: `Native.load` + first call (ms)", fileInProcess, 1)
            + DetailTable.row(
                "in-process: ocipkg load + `jna` + first call (ms)", ocipkgInProcess, 1)
            + "\n";
    return new Section("2l. Warm load with the application's AOT cache", List.of(row), details);
  }

  private List<String> ocipkg(JavaLauncher java, List<String> options) {
    return cache.ocipkgLoad(java, cache.digestReference(), options);
  }

  private static List<String> training(Path aot) {
    return List.of("-XX:AOTCacheOutput=" + aot, "-Xlog:aot=error", "-Xlog:cds=off");
  }

  private static List<String> using(Path aot) {
    return List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off");
  }

  private static Section notMeasured(String measure, String why) {
    return new Section(
        "2l. Warm load with the application's AOT cache",
        List.of(ResultRow.notMeasured("2l", measure, why, "<= 1.03x")),
        why + ".\n");
  }
}
