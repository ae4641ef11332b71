package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.ArtifactLayout;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue item 4: a 1 GiB layer pulled by a fresh JVM limited to a 64 MiB heap, with its peak RSS,
 * beside {@code curl} fetching the same blob. The layer is incompressible and stored (gzip of
 * stored blocks), so this is also the pull's throughput without the cost of inflating.
 */
final class MemoryBenchmark {
  private static final int ROUNDS = 2;
  private static final String HEAP = "-Xmx64m";

  private final Bench bench;
  private final PullCommands pulls;

  MemoryBenchmark(Bench bench, PullCommands pulls) {
    this.bench = bench;
    this.pulls = pulls;
  }

  Section run() throws IOException {
    ArtifactLayout artifact = bench.fixtures.oneGiB();
    String reference = bench.tagReference(Bench.ONE_GIB);
    Samples pullSeconds = new Samples();
    Samples wallSeconds = new Samples();
    Samples vmHwm = new Samples();
    Samples timeRss = new Samples();
    Samples getSeconds = new Samples();
    Samples ratio = new Samples();
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      bench.log("1 GiB pull with " + HEAP + ", round " + round + "/" + rounds);
      Path cache = bench.freshDirectory("one-gib-cache");
      ProcessResult pull;
      try {
        bench.processes.settle();
        pull = bench.processes.runWithPeakRss(pulls.ocipkg(reference, cache, 1, List.of(HEAP)));
      } finally {
        Bench.delete(cache);
      }
      if (pull.exitCode() != 0) {
        return failed(pull);
      }
      bench.processes.settle();
      ProcessResult get = bench.processes.run(pulls.plainGet(Bench.ONE_GIB, artifact)).checked();
      long inProcess = pull.longValue("pull-nanos");
      pullSeconds.add(inProcess / 1e9);
      wallSeconds.add(pull.wallSeconds());
      vmHwm.add(pull.longValue("peak-rss-kib") / 1024.0);
      timeRss.add(pull.peakRssKib() / 1024.0);
      getSeconds.add(get.wallSeconds());
      ratio.add(inProcess / (double) get.wallNanos());
      bench.samples.add("memory", "ocipkg-in-process", round, inProcess / 1e9, "s");
      bench.samples.add("memory", "ocipkg-vmhwm", round, pull.longValue("peak-rss-kib"), "KiB");
      bench.samples.add("memory", "curl-get-wall", round, get.wallSeconds(), "s");
    }
    long bytes = artifact.blobBytes();
    ResultRow row =
        new ResultRow(
            "4",
            "1 GiB layer pulled with `" + HEAP + "` (in-process, vs GET)",
            "ok in "
                + Units.seconds(pullSeconds.median())
                + ", "
                + Units.rate(Units.mibPerSecond(bytes, pullSeconds.median() * 1e9))
                + ", peak RSS "
                + Units.fixed(vmHwm.median(), 0)
                + " MiB",
            Units.seconds(getSeconds.median())
                + ", "
                + Units.rate(Units.mibPerSecond(bytes, getSeconds.median() * 1e9))
                + " (`curl`)",
            ratio.spread(),
            "succeeds with " + HEAP,
            Double.NaN,
            Verdict.MET);
    String details =
        "One layer of "
            + Units.mib(artifact.layerBytes())
            + " (a single incompressible file in a gzip of stored blocks), pulled by `PullProbe`"
            + " in a fresh JVM started with `"
            + HEAP
            + "` on an empty cache. Every run succeeded. Peak RSS is `VmHWM` from"
            + " `/proc/self/status`, read by the probe after the pull"
            + (bench.processes.measuresPeakRss()
                ? "; `/usr/bin/time` reports the whole process's maximum RSS"
                : "")
            + ". With nothing to inflate, the ratio to `curl` shows what the rest of the pull"
            + " (SHA-256, the blob copy, the tar parsing and the file writes) costs.\n\n"
            + DetailTable.HEADER
            + DetailTable.row("in-process pull (s)", pullSeconds, 2)
            + DetailTable.row("whole process (s)", wallSeconds, 2)
            + DetailTable.row("curl GET of the blob (s)", getSeconds, 2)
            + DetailTable.row("peak RSS, VmHWM (MiB)", vmHwm, 0)
            + (bench.processes.measuresPeakRss()
                ? DetailTable.row("peak RSS, /usr/bin/time (MiB)", timeRss, 0)
                : "")
            + "\n"
            + new PullProfiler(bench, pulls).profile(reference, "one-gib-pull", List.of(HEAP));
    return new Section("4. Memory", List.of(row), details);
  }

  private Section failed(ProcessResult pull) {
    String error = pull.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    ResultRow row =
        new ResultRow(
            "4",
            "1 GiB layer pulled with `" + HEAP + "`",
            "failed, exit code " + pull.exitCode(),
            "",
            null,
            "succeeds with " + HEAP,
            Double.NaN,
            Verdict.MISSED);
    return new Section("4. Memory", List.of(row), "The pull failed:\n\n```\n" + error + "\n```\n");
  }
}
