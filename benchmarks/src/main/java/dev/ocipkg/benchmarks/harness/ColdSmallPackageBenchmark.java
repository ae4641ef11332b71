package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.Fixtures;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import dev.ocipkg.testing.Fault;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenManifest;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Issue 15, item 1: what an application pays the first time it starts, a fresh JVM on an empty
 * cache loading a small package (a real 16 MiB codec library and {@code libocipkg_demo.so}, one
 * gzip layer) from a registry on loopback, against {@code skopeo copy} followed by {@code tar -xzf}
 * of the same layer; the time inside the JVM against its budget; and both once more through a proxy
 * that adds {@value #LATENCY_MILLIS} ms to every request, where round trips count. Each round runs
 * the tools back to back, the order reversed every other round.
 */
final class ColdSmallPackageBenchmark {
  private static final int ROUNDS = 15;
  private static final int LATENCY_ROUNDS = 8;
  private static final double IN_PROCESS_BUDGET_SECONDS = 0.40;
  private static final int LATENCY_MILLIS = 20;
  private static final int LINK_MIB_PER_SECOND = 16;

  private final Bench bench;
  private final PullCommands pulls;

  ColdSmallPackageBenchmark(Bench bench, PullCommands pulls) {
    this.bench = bench;
    this.pulls = pulls;
  }

  /** The seconds of one ocipkg run (whole, in-process) and of one skopeo-then-tar run. */
  private record Round(
      double ocipkgSeconds, double inProcessSeconds, double skopeoTarSeconds, double skopeoOnly) {}

  Section run() throws IOException {
    WrittenManifest manifest = bench.fixtures.smallPackage().manifest(NativeTestLibs.platform());
    String reference = bench.tagReference(Bench.SMALL_PACKAGE);
    ColdRounds anonymous = timedRounds(reference, manifest, "cold small package", "cold-small");

    String comparison =
        new LoaderComparison(bench)
            .run(reference, "cold small package", "cold-small-loaders", ROUNDS, 3);
    ApplicationAotBenchmark.Result applicationAot =
        new ApplicationAotBenchmark(bench).run(reference, IN_PROCESS_BUDGET_SECONDS);

    Samples slowOcipkg = new Samples();
    Samples slowSkopeoTar = new Samples();
    Samples slowRatio = new Samples();
    int ocipkgRequests;
    int skopeoRequests;
    try (FaultProxy proxy =
        FaultProxy.inFrontOf(bench.registry).throttle((long) LINK_MIB_PER_SECOND << 20)) {
      proxy.rule(Fault.stall(Duration.ofMillis(LATENCY_MILLIS)).always());
      String slowReference = proxy.reference(Bench.SMALL_PACKAGE + ":" + Fixtures.TAG);
      int latencyRounds = bench.options.rounds(LATENCY_ROUNDS);
      for (int round = 1; round <= latencyRounds; round++) {
        bench.log("cold small package over latency, round " + round + "/" + latencyRounds);
        Round r = round(slowReference, manifest, round % 2 == 0, proxy);
        slowOcipkg.add(r.ocipkgSeconds());
        slowSkopeoTar.add(r.skopeoTarSeconds());
        slowRatio.add(r.ocipkgSeconds() / r.skopeoTarSeconds());
        bench.samples.add("cold-small-latency", "ocipkg-wall", round, r.ocipkgSeconds(), "s");
        bench.samples.add(
            "cold-small-latency", "skopeo-then-tar", round, r.skopeoTarSeconds(), "s");
      }
      int before = proxy.requests().size();
      ocipkgRun(slowReference, proxy);
      ocipkgRequests = proxy.requests().size() - before;
      before = proxy.requests().size();
      skopeoThenTar(slowReference, manifest);
      skopeoRequests = proxy.requests().size() - before;
    }

    TokenAuthRows tokenAuth = tokenAuth(manifest);

    String size =
        Units.mib(manifest.layerSize())
            + " compressed, "
            + Units.mib(Files.size(bench.fixtures.codec().file()))
            + " of files";
    ResultRow wholeProcess =
        wholeProcessRow(
            "1f",
            "Cold small package (" + size + "), fresh JVM, empty cache, whole process",
            anonymous);
    ResultRow budget =
        inProcessRow(
            "1g",
            "Cold small package, in-process `open` (loader built, package on disk)",
            anonymous);
    ResultRow latency =
        new ResultRow(
            "1h",
            "Cold small package, +" + LATENCY_MILLIS + " ms per request, whole process",
            Units.seconds(slowOcipkg.median()) + " (" + ocipkgRequests + " requests)",
            Units.seconds(slowSkopeoTar.median())
                + " (skopeo + tar, "
                + skopeoRequests
                + " requests)",
            slowRatio.spread(),
            "<= 1.00x skopeo + tar",
            1.0,
            Verdict.atMost(slowRatio.median(), 1.0));
    String details =
        "Package: "
            + bench.fixtures.codec().source()
            + ", and `libocipkg_demo.so`, in one gzip layer of "
            + Units.mib(manifest.layerSize())
            + " (test-support's `OciLayoutWriter`, `Deflater` level 6) under an image index with"
            + " this machine's platform only; pushed by skopeo to the loopback `docker-registry`."
            + "\n\n- **ocipkg**: a fresh JVM running `PullProbe` (`NativeLoader.builder()"
            + ".cacheDir(empty).build().open(ref)`) on an empty cache: it also probes whether the"
            + " loopback host speaks TLS, as a first pull does. In-process is from before the"
            + " loader is built to `open` returning.\n"
            + "- **skopeo + tar**: `skopeo copy docker://REF oci:DIR:1.0`, then `tar -xzf` of the"
            + " layer blob into a folder: what it takes to have the same files with the usual"
            + " tools.\n"
            + "- **+"
            + LATENCY_MILLIS
            + " ms**: both through test-support's `FaultProxy`, which holds every request "
            + LATENCY_MILLIS
            + " ms before forwarding it (`Fault.stall`) and paces each connection to "
            + LINK_MIB_PER_SECOND
            + " MiB/s; the ocipkg cache remembers the proxy's scheme, as after an earlier pull"
            + " (the proxy is silent on a TLS hello). Requests are counted at the proxy for one"
            + " more run of each.\n\n"
            + DetailTable.HEADER
            + DetailTable.row("ocipkg whole process (s)", anonymous.ocipkg, 3)
            + DetailTable.row("ocipkg in-process `open` (s)", anonymous.inProcess, 3)
            + DetailTable.row("skopeo copy (s)", anonymous.skopeo, 3)
            + DetailTable.row("skopeo copy, then tar (s)", anonymous.skopeoTar, 3)
            + DetailTable.row("ocipkg, +" + LATENCY_MILLIS + " ms per request (s)", slowOcipkg, 3)
            + DetailTable.row(
                "skopeo + tar, +" + LATENCY_MILLIS + " ms per request (s)", slowSkopeoTar, 3)
            + applicationAot.details()
            + tokenAuth.details()
            + "\n"
            + comparison
            + classLoading(reference)
            + "\n"
            + new PullProfiler(bench, pulls).profile(reference, "cold-small", List.of());
    return new Section(
        "1c. Cold small package",
        List.of(
            wholeProcess,
            budget,
            applicationAot.row(),
            latency,
            tokenAuth.wholeProcess(),
            tokenAuth.inProcess()),
        details);
  }

  /** What the timed rounds against one registry measured, each round's ratios included. */
  private static final class ColdRounds {
    final Samples ocipkg = new Samples();
    final Samples inProcess = new Samples();
    final Samples skopeoTar = new Samples();
    final Samples skopeo = new Samples();
    final Samples ratio = new Samples();
    final Samples budgetRatio = new Samples();
  }

  /**
   * One warm-up, then the rounds of ocipkg against skopeo + tar of {@code reference}, the order
   * reversed every other round; each round also goes to the samples under {@code series}.
   */
  private ColdRounds timedRounds(
      String reference, WrittenManifest manifest, String what, String series) throws IOException {
    ColdRounds measured = new ColdRounds();
    warmUp(reference, manifest);
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      bench.log(what + " round " + round + "/" + rounds);
      Round r = round(reference, manifest, round % 2 == 1, null);
      measured.ocipkg.add(r.ocipkgSeconds());
      measured.inProcess.add(r.inProcessSeconds());
      measured.skopeoTar.add(r.skopeoTarSeconds());
      measured.skopeo.add(r.skopeoOnly());
      measured.ratio.add(r.ocipkgSeconds() / r.skopeoTarSeconds());
      measured.budgetRatio.add(r.inProcessSeconds() / IN_PROCESS_BUDGET_SECONDS);
      bench.samples.add(series, "ocipkg-wall", round, r.ocipkgSeconds(), "s");
      bench.samples.add(series, "ocipkg-in-process", round, r.inProcessSeconds(), "s");
      bench.samples.add(series, "skopeo-then-tar", round, r.skopeoTarSeconds(), "s");
    }
    return measured;
  }

  private static ResultRow wholeProcessRow(String id, String measure, ColdRounds rounds) {
    return new ResultRow(
        id,
        measure,
        Units.seconds(rounds.ocipkg.median()) + " (fresh JVM, `open(ref)`)",
        Units.seconds(rounds.skopeoTar.median()) + " (`skopeo copy` + `tar -xzf`)",
        rounds.ratio.spread(),
        "<= 1.00x skopeo + tar",
        1.0,
        Verdict.atMost(rounds.ratio.median(), 1.0));
  }

  private static ResultRow inProcessRow(String id, String measure, ColdRounds rounds) {
    return new ResultRow(
        id,
        measure,
        Units.seconds(rounds.inProcess.median()),
        Units.seconds(IN_PROCESS_BUDGET_SECONDS) + " (the budget)",
        rounds.budgetRatio.spread(),
        "<= " + Units.seconds(IN_PROCESS_BUDGET_SECONDS),
        1.0,
        Verdict.atMost(rounds.budgetRatio.median(), 1.0));
  }

  /** Rows 1l and 1m, and the lines of the detail table that go with them. */
  private record TokenAuthRows(ResultRow wholeProcess, ResultRow inProcess, String details) {}

  /**
   * The same package from a second loopback registry with token auth and anonymous pulls, as
   * ghcr.io and Docker Hub serve public images: every first pull is answered 401 with a challenge,
   * asks the token service and parses its JSON answer before the manifest.
   */
  private TokenAuthRows tokenAuth(WrittenManifest manifest) throws IOException {
    ColdRounds token;
    String classes;
    try (RegistryServer tokens = RegistryServer.builder().tokenAuth().anonymousPull(true).start()) {
      Skopeo.locate()
          .withTimeout(Duration.ofMinutes(5))
          .copyAll(
              bench.fixtures.smallPackage().directory(),
              Fixtures.TAG,
              tokens,
              Bench.SMALL_PACKAGE + ":" + Fixtures.TAG);
      String reference = tokens.reference(Bench.SMALL_PACKAGE + ":" + Fixtures.TAG);
      token =
          timedRounds(reference, manifest, "cold small package, token auth,", "cold-small-token");
      classes = classLoading(reference, "classes-cold-small-token.log");
    }
    ResultRow wholeProcess =
        wholeProcessRow(
            "1l",
            "Cold small package from a registry with token auth (as ghcr.io), whole process",
            token);
    ResultRow inProcessRow =
        inProcessRow(
            "1m", "Cold small package from a registry with token auth, in-process `open`", token);
    String details =
        DetailTable.row("token auth: ocipkg whole process (s)", token.ocipkg, 3)
            + DetailTable.row("token auth: ocipkg in-process `open` (s)", token.inProcess, 3)
            + DetailTable.row("token auth: skopeo copy, then tar (s)", token.skopeoTar, 3)
            + "\nToken auth (rows 1l, 1m): a second loopback registry, `RegistryServer.builder()"
            + ".tokenAuth().anonymousPull(true)`, holding the same package. "
            + classes;
    return new TokenAuthRows(wholeProcess, inProcessRow, details);
  }

  private Round round(
      String reference, WrittenManifest manifest, boolean ocipkgFirst, @Nullable FaultProxy proxy)
      throws IOException {
    ProcessResult ocipkg;
    double[] skopeo;
    if (ocipkgFirst) {
      ocipkg = ocipkgRun(reference, proxy);
      skopeo = skopeoThenTar(reference, manifest);
    } else {
      skopeo = skopeoThenTar(reference, manifest);
      ocipkg = ocipkgRun(reference, proxy);
    }
    return new Round(
        ocipkg.wallSeconds(),
        ocipkg.longValue("pull-nanos") / 1e9,
        skopeo[0] + skopeo[1],
        skopeo[0]);
  }

  /** One run of each first, so that the first timed round pays no disk cache misses. */
  private void warmUp(String reference, WrittenManifest manifest) throws IOException {
    ocipkgRun(reference, null);
    skopeoThenTar(reference, manifest);
  }

  private ProcessResult ocipkgRun(String reference, @Nullable FaultProxy proxy) throws IOException {
    Path cache = bench.freshDirectory("small-cache");
    try {
      if (proxy != null) {
        SlowLinkBenchmark.rememberPlainHttp(cache, proxy.host());
      }
      bench.processes.settle();
      return bench.processes.run(pulls.ocipkg(reference, cache, 1, List.of())).checked();
    } finally {
      Bench.delete(cache);
    }
  }

  private double[] skopeoThenTar(String reference, WrittenManifest manifest) throws IOException {
    return skopeoThenTar(bench, pulls, reference, manifest.layerDigest());
  }

  /**
   * The seconds of {@code skopeo copy} of {@code reference} and of the {@code tar -xzf} of its one
   * layer after it, in fresh folders that are deleted after.
   */
  static double[] skopeoThenTar(
      Bench bench, PullCommands pulls, String reference, String layerDigest) throws IOException {
    Path layout = bench.freshDirectory("small-skopeo");
    Path files = bench.freshDirectory("small-files");
    try {
      bench.processes.settle();
      double copy = bench.processes.run(pulls.skopeo(reference, layout)).checked().wallSeconds();
      Files.createDirectories(files);
      Path blob =
          layout
              .resolve("blobs")
              .resolve("sha256")
              .resolve(layerDigest.substring("sha256:".length()));
      double tar =
          bench
              .processes
              .run(List.of("tar", "-xzf", blob.toString(), "-C", files.toString()))
              .checked()
              .wallSeconds();
      return new double[] {copy, tar};
    } finally {
      Bench.delete(layout);
      Bench.delete(files);
    }
  }

  /** One more cold run under {@code -Xlog:class+load}: what a first load brings into the JVM. */
  private String classLoading(String reference) throws IOException {
    return classLoading(reference, "classes-cold-small.log");
  }

  private String classLoading(String reference, String logName) throws IOException {
    Path log = bench.workFile(logName);
    Path cache = bench.freshDirectory("small-classes-cache");
    try {
      bench
          .processes
          .run(pulls.ocipkg(reference, cache, 1, List.of(ClassLoadLog.option(log))))
          .checked();
    } finally {
      Bench.delete(cache);
    }
    ClassLoadLog classes = ClassLoadLog.read(log);
    return "Classes loaded by the cold run (`-Xlog:class+load`): "
        + classes.total()
        + "; ocipkg "
        + classes.count("dev.ocipkg.")
        + ", Jackson "
        + classes.count("com.fasterxml.jackson.")
        + " (databind "
        + classes.count("com.fasterxml.jackson.databind.")
        + "), the JDK's HTTP client (`sun.net.www.protocol.http.`, `sun.net.www.http.`) "
        + (classes.count("sun.net.www.protocol.http.") + classes.count("sun.net.www.http."))
        + ", TLS and security ("
        + "`sun.security.`, `javax.net.ssl.`, `java.security.`) "
        + (classes.count("sun.security.")
            + classes.count("javax.net.ssl.")
            + classes.count("java.security."))
        + ", `java.util.logging` "
        + classes.count("java.util.logging.")
        + ", JFR "
        + classes.count("jdk.jfr.")
        + ", Caffeine "
        + classes.count("com.github.benmanes.caffeine.")
        + ", locale data (`sun.util.cldr.`, `sun.util.resources.`) "
        + (classes.count("sun.util.cldr.") + classes.count("sun.util.resources."))
        + ".\n";
  }
}
