package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue item 2: a JVM that loads the cached demo package through ocipkg and calls {@code demo_add}
 * once through JNA, against the same program, same class path and options, loading the same file
 * with JNA's {@code Native.load}. Digest-pinned and tag-within-TTL references, each round running
 * the three variants in a rotated order.
 */
final class WarmLoadBenchmark {
  private static final int ROUNDS = 40;
  private static final double TARGET = 1.10;

  private final Bench bench;
  private final WarmCache cache;

  WarmLoadBenchmark(Bench bench, WarmCache cache) {
    this.bench = bench;
    this.cache = cache;
  }

  Section run() throws IOException {
    Samples file = new Samples();
    Samples digest = new Samples();
    Samples tag = new Samples();
    Samples fileInProcess = new Samples();
    Samples digestInProcess = new Samples();
    Samples tagInProcess = new Samples();
    Samples digestRatio = new Samples();
    Samples tagRatio = new Samples();
    Samples verified = new Samples();
    Samples verifiedInProcess = new Samples();
    Samples verifiedRatio = new Samples();
    // The tag's package signed and a policy demanding the key; one load under it (untimed) verifies
    // and records, so that the timed ones take the warm path: a few files hashed, no network.
    Path policy = SignedPackage.sign(cache.tagReference(), bench.workFile("trust"));
    List<String> underPolicy = List.of("-Docipkg.policy=" + policy);
    bench.processes.run(cache.ocipkgLoad(bench, cache.tagReference(), underPolicy)).checked();
    List<List<String>> variants =
        List.of(
            cache.fileLoad(bench, List.of()),
            cache.ocipkgLoad(bench, cache.digestReference(), List.of()),
            cache.ocipkgLoad(bench, cache.tagReference(), List.of()),
            cache.ocipkgLoad(bench, cache.tagReference(), underPolicy));

    bench.registry.accessLog().clear();
    int rounds = bench.options.rounds(ROUNDS);
    bench.log("warm load: " + rounds + " rounds");
    for (int round = 1; round <= rounds; round++) {
      WarmRound timed = WarmRound.run(bench, variants, round);
      double[] millis = timed.wallMillis();
      double[] inProcess = timed.inProcessMillis();
      fileInProcess.add(inProcess[0]);
      digestInProcess.add(inProcess[1]);
      tagInProcess.add(inProcess[2]);
      file.add(millis[0]);
      digest.add(millis[1]);
      tag.add(millis[2]);
      digestRatio.add(millis[1] / millis[0]);
      tagRatio.add(millis[2] / millis[0]);
      verified.add(millis[3]);
      verifiedInProcess.add(inProcess[3]);
      verifiedRatio.add(millis[3] / millis[0]);
      bench.samples.add("warm-load", "ocipkg-tag-verified", round, millis[3], "ms");
      bench.samples.add("warm-load", "jna-file", round, millis[0], "ms");
      bench.samples.add("warm-load", "ocipkg-digest", round, millis[1], "ms");
      bench.samples.add("warm-load", "ocipkg-tag", round, millis[2], "ms");
    }
    int registryRequests = bench.registry.accessLog().entries().size();

    ResultRow pinned =
        new ResultRow(
            "2a",
            "Warm load + 1 JNA call, digest-pinned ref (whole JVM)",
            Units.millis(digest.median()),
            Units.millis(file.median()) + " (`Native.load(file)`)",
            digestRatio.spread(),
            "<= 1.10x",
            TARGET,
            Verdict.atMost(digestRatio.median(), TARGET));
    ResultRow tagged =
        new ResultRow(
            "2b",
            "Warm load + 1 JNA call, tag ref within TTL (whole JVM)",
            Units.millis(tag.median()),
            Units.millis(file.median()) + " (`Native.load(file)`)",
            tagRatio.spread(),
            "<= 1.10x",
            TARGET,
            Verdict.atMost(tagRatio.median(), TARGET));

    ResultRow underSignature =
        new ResultRow(
            "2k",
            "Warm load + 1 JNA call, tag ref within TTL, under a signature policy (whole JVM)",
            Units.millis(verified.median()),
            Units.millis(file.median()) + " (`Native.load(file)`)",
            verifiedRatio.spread(),
            "<= 1.10x",
            TARGET,
            Verdict.atMost(verifiedRatio.median(), TARGET));

    String details =
        "Probe `WarmLoadProbe`: `NativeLoader.load(ref).jna(DemoLibrary.class, \"ocipkg_demo\")"
            + ".demo_add(2, 3)` against `Native.load(file, DemoLibrary.class).demo_add(2, 3)` on"
            + " the very file in the cache. Both run with the same class path (the probe classes,"
            + " the loader jar and its runtime dependencies) and the same options"
            + " (`--enable-native-access=ALL-UNNAMED -Docipkg.cache.dir=…`); the time is the whole"
            + " process, from start to exit.\n\n"
            + DetailTable.HEADER
            + DetailTable.row("JNA on the file (ms)", file, 0)
            + DetailTable.row("ocipkg, digest-pinned (ms)", digest, 0)
            + DetailTable.row("ocipkg, tag within TTL (ms)", tag, 0)
            + DetailTable.row("ocipkg, tag within TTL, under a policy (ms)", verified, 0)
            + DetailTable.row("in-process: `Native.load` + first call (ms)", fileInProcess, 1)
            + DetailTable.row(
                "in-process: ocipkg digest load + `jna` + first call (ms)", digestInProcess, 1)
            + DetailTable.row(
                "in-process: ocipkg tag load + `jna` + first call (ms)", tagInProcess, 1)
            + DetailTable.row(
                "in-process: the same under a policy (verified record checked) (ms)",
                verifiedInProcess,
                1)
            + "\nThe in-process rows time the load inside the probe, from before the loading call"
            + " to after the first `demo_add` returns: the part of the whole-process difference"
            + " that is ocipkg's own work (the loading of its classes included). Under a policy"
            + " (row 2k: a sigstore bundle by a key made for the run, `sigstoreSigned` by that key"
            + " for every scope), a warm load checks the package's record in `verified/` against"
            + " the sha256 of the policy and key files: no network, no signature math.\n"
            + "\nRequests that reached the registry during these "
            + (4 * rounds)
            + " runs: **"
            + registryRequests
            + "** (the warm path must not touch the network).\n\n"
            + classLoading();
    return new Section("2. Warm load", List.of(pinned, tagged, underSignature), details);
  }

  /** One more run of each variant with {@code -Xlog:class+load}: what the warm path loads. */
  private String classLoading() throws IOException {
    Path fileLog = bench.workFile("classes-file.log");
    Path digestLog = bench.workFile("classes-digest.log");
    bench.processes.run(cache.fileLoad(bench, List.of(ClassLoadLog.option(fileLog)))).checked();
    bench
        .processes
        .run(
            cache.ocipkgLoad(
                bench, cache.digestReference(), List.of(ClassLoadLog.option(digestLog))))
        .checked();
    ClassLoadLog plain = ClassLoadLog.read(fileLog);
    ClassLoadLog ocipkg = ClassLoadLog.read(digestLog);
    return "Classes loaded (`-Xlog:class+load`): "
        + plain.total()
        + " by the plain JNA load, "
        + ocipkg.total()
        + " by the digest-pinned ocipkg load (+"
        + (ocipkg.total() - plain.total())
        + ", of which "
        + ocipkg.count("dev.ocipkg.")
        + " are ocipkg's own); HTTP (`sun.net.www.protocol.http.`) "
        + ocipkg.count("sun.net.www.protocol.http.")
        + ", Jackson "
        + ocipkg.count("com.fasterxml.jackson.")
        + ", Caffeine "
        + ocipkg.count("com.github.benmanes.caffeine.")
        + ".\n";
  }
}
