package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.ArtifactLayout;
import dev.ocipkg.benchmarks.fixture.WrittenBlob;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue item 1: the 256 MiB multi-layer artifact pulled on an empty cache by a fresh ocipkg JVM,
 * copied by {@code skopeo copy docker://… oci:…} (then, for a like-for-like comparison, its layers
 * extracted by {@code tar}), and fetched blob by blob by {@code curl} to {@code /dev/null}; round
 * after round, the order reversed every other round. Then one more ocipkg pull under JFR.
 */
final class ColdPullBenchmark {
  private static final int ROUNDS = 5;
  private static final double THROUGHPUT_TARGET = 0.90;

  private final Bench bench;
  private final PullCommands pulls;

  /** The times of one skopeo run: the copy, and the extraction of its layers after it. */
  private record SkopeoRun(ProcessResult copy, double extractSeconds) {}

  ColdPullBenchmark(Bench bench, PullCommands pulls) {
    this.bench = bench;
    this.pulls = pulls;
  }

  Section run() throws IOException {
    ArtifactLayout artifact = bench.fixtures.multiLayer();
    String reference = bench.tagReference(Bench.MULTI_LAYER);
    Samples ocipkgWall = new Samples();
    Samples skopeoWall = new Samples();
    Samples skopeoTarWall = new Samples();
    Samples getWall = new Samples();
    Samples pullNanos = new Samples();
    Samples ocipkgRss = new Samples();
    Samples skopeoRss = new Samples();
    Samples wallRatio = new Samples();
    Samples extractedRatio = new Samples();
    Samples throughputRatio = new Samples();

    warmUp();
    String comparison =
        new LoaderComparison(bench)
            .run(reference, "cold large package", "cold-pull-loaders", ROUNDS + 3, 2);
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      bench.log("cold pull round " + round + "/" + rounds);
      ProcessResult ocipkg;
      SkopeoRun skopeo;
      ProcessResult get;
      if (round % 2 == 1) {
        ocipkg = ocipkgPull(reference);
        skopeo = skopeoCopy(reference, artifact);
        get = plainGet(artifact);
      } else {
        get = plainGet(artifact);
        skopeo = skopeoCopy(reference, artifact);
        ocipkg = ocipkgPull(reference);
      }
      long inProcess = ocipkg.longValue("pull-nanos");
      double skopeoSeconds = skopeo.copy().wallSeconds();
      double skopeoAndTar = skopeoSeconds + skopeo.extractSeconds();
      ocipkgWall.add(ocipkg.wallSeconds());
      skopeoWall.add(skopeoSeconds);
      skopeoTarWall.add(skopeoAndTar);
      getWall.add(get.wallSeconds());
      pullNanos.add(inProcess);
      ocipkgRss.add(ocipkg.peakRssKib());
      skopeoRss.add(skopeo.copy().peakRssKib());
      wallRatio.add(ocipkg.wallSeconds() / skopeoSeconds);
      extractedRatio.add(ocipkg.wallSeconds() / skopeoAndTar);
      throughputRatio.add(inProcess / (double) get.wallNanos());
      bench.samples.add("cold-pull", "ocipkg-wall", round, ocipkg.wallSeconds(), "s");
      bench.samples.add("cold-pull", "ocipkg-in-process", round, inProcess / 1e9, "s");
      bench.samples.add("cold-pull", "skopeo-wall", round, skopeoSeconds, "s");
      bench.samples.add("cold-pull", "skopeo-then-tar", round, skopeoAndTar, "s");
      bench.samples.add("cold-pull", "curl-get-wall", round, get.wallSeconds(), "s");
    }

    long bytes = artifact.blobBytes();
    double throughputTarget = 1 / THROUGHPUT_TARGET;
    String size = Units.mib(artifact.layerBytes()) + " in " + artifact.layers().size() + " layers";
    ResultRow wholeProcess =
        new ResultRow(
            "1a",
            "Cold pull, whole process: " + size,
            Units.seconds(ocipkgWall.median()) + " (fresh JVM, `open(ref)`)",
            Units.seconds(skopeoWall.median()) + " (`skopeo copy`)",
            wallRatio.spread(),
            "<= 1.00x skopeo",
            1.0,
            Verdict.atMost(wallRatio.median(), 1.0));
    ResultRow throughput =
        new ResultRow(
            "1b",
            "Cold pull, in-process throughput vs plain GET",
            Units.rate(Units.mibPerSecond(bytes, pullNanos.median())),
            Units.rate(Units.mibPerSecond(bytes, getWall.median() * 1e9))
                + " (`curl` to /dev/null)",
            throughputRatio.spread(),
            ">= 90% of GET (<= " + Units.fixed(throughputTarget, 2) + "x time)",
            throughputTarget,
            Verdict.atMost(throughputRatio.median(), throughputTarget));
    ResultRow likeForLike =
        new ResultRow(
            "1c",
            "Cold pull and extraction vs skopeo copy then `tar -xzf` per layer",
            Units.seconds(ocipkgWall.median()),
            Units.seconds(skopeoTarWall.median()) + " (skopeo + tar)",
            extractedRatio.spread(),
            "— (context for 1a)",
            Double.NaN,
            Verdict.NO_TARGET);

    String details =
        "Artifact: one image index, one linux platform manifest, "
            + artifact.layers().size()
            + " gzip layers of 8 library-like files each: "
            + Units.mib(artifact.blobBytes())
            + " of blobs, "
            + Units.mib(artifact.contentBytes())
            + " of files once extracted. Pushed to a local `docker-registry` (plain http on"
            + " loopback, anonymous) by skopeo. Before each timed run the harness calls `sync`"
            + " (untimed), so that no run pays for the previous one's dirty pages.\n\n"
            + "- **ocipkg**: a fresh JVM runs `NativeLoader.builder().cacheDir(empty).build()"
            + ".open(ref)` (probe `PullProbe`), the library call that `ocipkg pull` makes. It"
            + " resolves the tag, picks the platform, and streams the layers at the same time"
            + " (default `ocipkg.downloads` 4), each hashed and extracted as it arrives (the"
            + " first into the package folder, the others into staging folders merged into it in"
            + " manifest order); layer blobs are not kept.\n"
            + "- **skopeo**: `skopeo copy docker://REF oci:DIR:1.0`: picks the same platform,"
            + " downloads the layers (several at once) and verifies them, but decompresses and"
            + " extracts nothing. Row 1c adds what skopeo users then run to get the files:"
            + " `tar -xzf` of each layer blob, one after the other.\n"
            + "- **plain GET**: one `curl` process fetching the config and every layer on one"
            + " connection to `/dev/null`: the loopback limit. ocipkg's in-process time runs"
            + " inside the probe from before the loader is built to `open` returning (so it"
            + " includes loading the HTTP client and Jackson, not the JVM start).\n\n"
            + DetailTable.HEADER
            + DetailTable.row("ocipkg whole process (s)", ocipkgWall, 2)
            + DetailTable.row("ocipkg in-process pull (s)", pullNanos.scaled(1e-9), 2)
            + DetailTable.row("skopeo copy (s)", skopeoWall, 2)
            + DetailTable.row("skopeo copy, then tar per layer (s)", skopeoTarWall, 2)
            + DetailTable.row("curl GET of the blobs (s)", getWall, 2)
            + DetailTable.row("ocipkg peak RSS (MiB)", ocipkgRss.scaled(1 / 1024.0), 0)
            + DetailTable.row("skopeo peak RSS (MiB)", skopeoRss.scaled(1 / 1024.0), 0)
            + "\nWhy the two pulls differ: skopeo writes the "
            + Units.mib(artifact.blobBytes())
            + " of compressed blobs and stops; ocipkg also inflates them and writes "
            + Units.mib(artifact.contentBytes())
            + " of files. Its layers are extracted at the same time, each on two threads (one"
            + " decompresses, one writes), and merged in manifest order, since a later layer may"
            + " replace what an earlier one wrote. Doing what"
            + " ocipkg does with skopeo and tar takes "
            + Units.seconds(skopeoTarWall.median())
            + ".\n\n"
            + comparison
            + new PullProfiler(bench, pulls).profile(reference, "cold-pull", List.of());
    return new Section("1. Cold pull", List.of(wholeProcess, throughput, likeForLike), details);
  }

  /** One small pull by each tool first, so that the first timed round pays no disk cache misses. */
  private void warmUp() throws IOException {
    String demo = bench.tagReference(Bench.DEMO);
    Path cache = bench.freshDirectory("warm-up-cache");
    Path layout = bench.freshDirectory("warm-up-layout");
    try {
      bench.processes.run(pulls.ocipkg(demo, cache, 1, List.of())).checked();
      bench.processes.run(pulls.skopeo(demo, layout)).checked();
    } finally {
      Bench.delete(cache);
      Bench.delete(layout);
    }
  }

  private ProcessResult ocipkgPull(String reference) throws IOException {
    Path cache = bench.freshDirectory("cold-cache");
    try {
      bench.processes.settle();
      return bench.processes.runWithPeakRss(pulls.ocipkg(reference, cache, 1, List.of())).checked();
    } finally {
      Bench.delete(cache);
    }
  }

  private SkopeoRun skopeoCopy(String reference, ArtifactLayout artifact) throws IOException {
    Path layout = bench.freshDirectory("skopeo-layout");
    Path files = bench.freshDirectory("skopeo-files");
    try {
      bench.processes.settle();
      ProcessResult copy =
          bench.processes.runWithPeakRss(pulls.skopeo(reference, layout)).checked();
      Files.createDirectories(files);
      double extract = 0;
      for (WrittenBlob layer : artifact.layers()) {
        Path blob = layout.resolve("blobs").resolve("sha256").resolve(layer.hex());
        extract +=
            bench
                .processes
                .run(List.of("tar", "-xzf", blob.toString(), "-C", files.toString()))
                .checked()
                .wallSeconds();
      }
      return new SkopeoRun(copy, extract);
    } finally {
      Bench.delete(layout);
      Bench.delete(files);
    }
  }

  private ProcessResult plainGet(ArtifactLayout artifact) throws IOException {
    bench.processes.settle();
    return bench.processes.run(pulls.plainGet(Bench.MULTI_LAYER, artifact)).checked();
  }
}
