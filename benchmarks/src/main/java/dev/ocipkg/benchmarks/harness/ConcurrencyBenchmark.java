package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.ArtifactLayout;
import dev.ocipkg.benchmarks.fixture.WrittenBlob;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import dev.ocipkg.testing.AccessLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue item 5: four JVMs of eight threads each, started together on one empty cache, all loading
 * the 256 MiB artifact, against one JVM with one thread; and the registry's access log, which must
 * show each blob fetched once.
 */
final class ConcurrencyBenchmark {
  private static final int ROUNDS = 3;
  private static final int JVMS = 4;
  private static final int THREADS = 8;

  /** One group run: its wall time, and what the access log said about it. */
  private record GroupRun(double seconds, boolean oncePerBlob, String fetches) {}

  private final Bench bench;
  private final PullCommands pulls;

  ConcurrencyBenchmark(Bench bench, PullCommands pulls) {
    this.bench = bench;
    this.pulls = pulls;
  }

  Section run() throws IOException {
    ArtifactLayout artifact = bench.fixtures.multiLayer();
    String reference = bench.tagReference(Bench.MULTI_LAYER);
    List<WrittenBlob> blobs = new ArrayList<>(artifact.layers());
    blobs.add(artifact.config());
    Samples single = new Samples();
    Samples group = new Samples();
    Samples ratio = new Samples();
    List<String> fetchReports = new ArrayList<>();
    boolean oncePerBlob = true;
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      bench.log("concurrency round " + round + "/" + rounds);
      double one;
      GroupRun run;
      if (round % 2 == 1) {
        one = singlePull(reference);
        run = groupPull(reference, blobs);
      } else {
        run = groupPull(reference, blobs);
        one = singlePull(reference);
      }
      double four = run.seconds();
      oncePerBlob &= run.oncePerBlob();
      fetchReports.add(run.fetches());
      single.add(one);
      group.add(four);
      ratio.add(four / one);
      bench.samples.add("concurrency", "1x1", round, one, "s");
      bench.samples.add("concurrency", JVMS + "x" + THREADS, round, four, "s");
    }
    ResultRow row =
        new ResultRow(
            "5",
            JVMS + " JVMs x " + THREADS + " threads, empty cache (wall)",
            Units.seconds(group.median())
                + "; each blob fetched "
                + (oncePerBlob ? "once" : "**more than once**"),
            Units.seconds(single.median()) + " (1 JVM, 1 thread)",
            ratio.spread(),
            "one fetch per blob",
            Double.NaN,
            oncePerBlob ? Verdict.MET : Verdict.MISSED);
    String details =
        JVMS
            + " `PullProbe` JVMs started together, each opening the reference from "
            + THREADS
            + " threads on one shared `NativeLoader`, all on the same empty cache; the time runs"
            + " from the first start to the last exit. The baseline is one JVM, one thread, on"
            + " its own empty cache, in the same round.\n\n"
            + DetailTable.HEADER
            + DetailTable.row("1 JVM x 1 thread (s)", single, 2)
            + DetailTable.row(JVMS + " JVMs x " + THREADS + " threads (s)", group, 2)
            + "\nBlob downloads (`GET /v2/…/blobs/<digest>`) per round, from the registry's access"
            + " log, for the "
            + blobs.size()
            + " blobs (4 layers, config):\n\n"
            + String.join("", fetchReports.stream().map(r -> "- " + r + "\n").toList());
    return new Section("5. Concurrency", List.of(row), details);
  }

  private double singlePull(String reference) throws IOException {
    Path cache = bench.freshDirectory("single-cache");
    try {
      bench.processes.settle();
      return bench
          .processes
          .run(pulls.ocipkg(reference, cache, 1, List.of()))
          .checked()
          .wallSeconds();
    } finally {
      Bench.delete(cache);
    }
  }

  private GroupRun groupPull(String reference, List<WrittenBlob> blobs) throws IOException {
    Path cache = bench.freshDirectory("shared-cache");
    AccessLog log = bench.registry.accessLog();
    try {
      bench.processes.settle();
      log.clear();
      List<List<String>> commands = new ArrayList<>();
      for (int i = 0; i < JVMS; i++) {
        commands.add(pulls.ocipkg(reference, cache, THREADS, List.of()));
      }
      double slowest = 0;
      for (ProcessResult result : bench.processes.runTogether(commands, false)) {
        slowest = Math.max(slowest, result.checked().wallSeconds());
      }
      long min = Long.MAX_VALUE;
      long max = 0;
      for (WrittenBlob blob : blobs) {
        long fetches = log.blobFetches(blob.digest());
        min = Math.min(min, fetches);
        max = Math.max(max, fetches);
      }
      long manifests = log.count("GET", "/v2/" + Bench.MULTI_LAYER + "/manifests/.+");
      String fetches =
          (min == max ? min + " " : min + " to " + max + " ")
              + "fetch(es) per blob; "
              + manifests
              + " manifest GETs (index and platform manifest, per JVM); "
              + log.entries().size()
              + " requests in all";
      return new GroupRun(slowest, min == 1 && max == 1, fetches);
    } finally {
      Bench.delete(cache);
    }
  }
}
