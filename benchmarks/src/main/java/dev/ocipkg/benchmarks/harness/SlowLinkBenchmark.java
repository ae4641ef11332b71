package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.ArtifactLayout;
import dev.ocipkg.benchmarks.fixture.Fixtures;
import dev.ocipkg.benchmarks.probe.PullProbe;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Verdict;
import dev.ocipkg.testing.FaultProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Item 1 once more, where the network is the limit: the cold pull of the same artifact through a
 * proxy that paces every connection to {@value #LINK_MIB_PER_SECOND} MiB/s, as a distant registry
 * or a CDN's per-connection limit does. ocipkg as it ships (layers downloaded at once) against
 * ocipkg with {@code -Docipkg.downloads=1} (one layer after the other), and against {@code skopeo
 * copy} through the same proxy.
 */
final class SlowLinkBenchmark {
  private static final int ROUNDS = 3;
  private static final int LINK_MIB_PER_SECOND = 16;

  private final Bench bench;
  private final PullCommands pulls;

  SlowLinkBenchmark(Bench bench, PullCommands pulls) {
    this.bench = bench;
    this.pulls = pulls;
  }

  Section run() throws IOException {
    ArtifactLayout artifact = bench.fixtures.multiLayer();
    Samples parallel = new Samples();
    Samples serial = new Samples();
    Samples skopeo = new Samples();
    Samples serialRatio = new Samples();
    Samples skopeoRatio = new Samples();
    PullTimeline timeline = new PullTimeline();
    try (FaultProxy proxy =
        FaultProxy.inFrontOf(bench.registry).throttle((long) LINK_MIB_PER_SECOND << 20)) {
      String reference = proxy.reference(Bench.MULTI_LAYER + ":" + Fixtures.TAG);
      int rounds = bench.options.rounds(ROUNDS);
      for (int round = 1; round <= rounds; round++) {
        bench.log("slow-link pull round " + round + "/" + rounds);
        double p;
        double s;
        double k;
        if (round % 2 == 1) {
          p = pull(proxy, reference, List.of(), timeline);
          s = pull(proxy, reference, List.of("-Docipkg.downloads=1"), null);
          k = skopeoCopy(reference);
        } else {
          k = skopeoCopy(reference);
          s = pull(proxy, reference, List.of("-Docipkg.downloads=1"), null);
          p = pull(proxy, reference, List.of(), timeline);
        }
        parallel.add(p);
        serial.add(s);
        skopeo.add(k);
        serialRatio.add(p / s);
        skopeoRatio.add(p / k);
        bench.samples.add("slow-link", "ocipkg-wall", round, p, "s");
        bench.samples.add("slow-link", "ocipkg-one-layer-at-a-time-wall", round, s, "s");
        bench.samples.add("slow-link", "skopeo-wall", round, k, "s");
      }
    }
    String link = LINK_MIB_PER_SECOND + " MiB/s per connection";
    ResultRow versusSerial =
        new ResultRow(
            "1d",
            "Cold pull over a slow link (" + link + "): layers at once vs one after the other",
            Units.seconds(parallel.median()) + " (default, 4 at once)",
            Units.seconds(serial.median()) + " (`ocipkg.downloads=1`)",
            serialRatio.spread(),
            "— (reported)",
            Double.NaN,
            Verdict.NO_TARGET);
    ResultRow versusSkopeo =
        new ResultRow(
            "1e",
            "Cold pull over a slow link (" + link + ") vs skopeo copy",
            Units.seconds(parallel.median()),
            Units.seconds(skopeo.median()) + " (`skopeo copy`, no extraction)",
            skopeoRatio.spread(),
            "<= 1.00x skopeo",
            1.0,
            Verdict.atMost(skopeoRatio.median(), 1.0));
    String details =
        "The artifact of section 1 ("
            + Units.mib(artifact.blobBytes())
            + " of blobs in "
            + artifact.layers().size()
            + " layers), pulled through a proxy of the test harness (`FaultProxy`) that paces"
            + " each connection it serves to "
            + link
            + ": what a distant registry or a per-connection limit looks like, where one"
            + " connection cannot fill the line. Each ocipkg run starts with an empty cache that"
            + " only remembers the proxy's scheme, as after an earlier pull (the proxy stays"
            + " silent on a TLS hello, which would make the first probe wait 2 s).\n\n"
            + DetailTable.HEADER
            + DetailTable.row("ocipkg, layers at once (s)", parallel, 2)
            + DetailTable.row("ocipkg, one layer after the other (s)", serial, 2)
            + DetailTable.row("skopeo copy (s)", skopeo, 2)
            + "\nWhere the time of a pull with the layers at once goes (probe `PullProbe` with a"
            + " `LoadListener` noting when layer bytes arrive; a layer of 64 MiB takes 4.0 s at"
            + " the link's rate):\n\n"
            + timeline.table()
            + "\n";
    return new Section(
        "1b. Cold pull over a slow link", List.of(versusSerial, versusSkopeo), details);
  }

  /**
   * @param timeline where to note the pull's phases, or null to run the probe without a listener
   */
  private double pull(
      FaultProxy proxy, String reference, List<String> options, @Nullable PullTimeline timeline)
      throws IOException {
    Path cache = bench.freshDirectory("slow-link-cache");
    try {
      rememberPlainHttp(cache, proxy.host());
      bench.processes.settle();
      if (timeline == null) {
        return bench
            .processes
            .run(pulls.ocipkg(reference, cache, 1, options))
            .checked()
            .wallSeconds();
      }
      long launched = System.currentTimeMillis();
      ProcessResult run =
          bench
              .processes
              .run(
                  bench.java.command(
                      options, PullProbe.class, reference, cache.toString(), "1", "timeline"))
              .checked();
      timeline.add(launched, run);
      return run.wallSeconds();
    } finally {
      Bench.delete(cache);
    }
  }

  /** The entry that the loader's first pull from {@code host} leaves in the cache. */
  static void rememberPlainHttp(Path cache, String host) throws IOException {
    Path hosts = Files.createDirectories(cache.resolve("hosts"));
    Properties schemes = new Properties();
    schemes.setProperty(host, "http " + System.currentTimeMillis());
    try (OutputStream out = Files.newOutputStream(hosts.resolve("schemes.properties"))) {
      schemes.store(out, null);
    }
  }

  private double skopeoCopy(String reference) throws IOException {
    Path layout = bench.freshDirectory("slow-link-skopeo");
    try {
      bench.processes.settle();
      return bench.processes.run(pulls.skopeo(reference, layout)).checked().wallSeconds();
    } finally {
      Bench.delete(layout);
    }
  }
}
