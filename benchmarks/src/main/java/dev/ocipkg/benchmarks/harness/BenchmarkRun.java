package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.Fixtures;
import dev.ocipkg.benchmarks.report.RatioChart;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.ResultsMarkdown;
import dev.ocipkg.benchmarks.report.RunDescription;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every benchmark of the issue in one go: writes the fixtures, starts a registry and pushes
 * them with skopeo, runs the whole-process comparisons and JMH, and writes {@code RESULTS.md},
 * {@code chart.png} and {@code samples.csv}. Started by {@code benchmarks/run.sh}.
 */
public final class BenchmarkRun {
  private BenchmarkRun() {}

  public static void main(String[] args) throws Exception {
    RunOptions options = RunOptions.parse(args);
    Instant started = Instant.now();
    long startedNanos = System.nanoTime();
    Path work = options.workDirectory();
    Bench.delete(work);
    Files.createDirectories(work);
    Files.createDirectories(options.resultsDirectory());

    System.out.println("[bench] writing fixtures into " + work.resolve("fixtures"));
    Fixtures fixtures = Fixtures.write(work.resolve("fixtures"), options.fixtureScale());
    try (RegistryServer registry = RegistryServer.builder().start()) {
      System.out.println("[bench] pushing fixtures to " + registry.baseUri() + " with skopeo");
      push(registry, fixtures);
      ProbeClassPath probes =
          ProbeClassPath.snapshot(options.probeClassPath(), work.resolve("probe-lib"));
      Bench bench =
          new Bench(
              options,
              registry,
              fixtures,
              JavaLauncher.ofThisJvm(probes.classPath()),
              new ProcessRunner(work.resolve("process-output")),
              System.out);
      LoadAverages load = new LoadAverages();
      List<Section> sections = runAll(bench, load);
      Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
      List<String> environment = MachineDescription.describe(bench, probes, load.summary());
      writeResults(
          bench, sections, new RunDescription(options.command(), started, took, environment));
      bench.log(
          "done in "
              + took.toMinutes()
              + " min "
              + took.toSecondsPart()
              + " s; results in "
              + options.resultsDirectory());
    }
  }

  private static void push(RegistryServer registry, Fixtures fixtures) throws Exception {
    Skopeo skopeo = Skopeo.locate().withTimeout(Duration.ofMinutes(5));
    skopeo.copyAll(
        fixtures.multiLayer().directory(), Fixtures.TAG, registry, Bench.MULTI_LAYER + ":1.0");
    skopeo.copyAll(fixtures.oneGiB().directory(), Fixtures.TAG, registry, Bench.ONE_GIB + ":1.0");
    skopeo.copyAll(fixtures.demo().directory(), Fixtures.TAG, registry, Bench.DEMO + ":1.0");
    skopeo.copyAll(
        fixtures.smallPackage().directory(),
        Fixtures.TAG,
        registry,
        Bench.SMALL_PACKAGE + ":" + Fixtures.TAG);
  }

  private static List<Section> runAll(Bench bench, LoadAverages load) throws Exception {
    PullCommands pulls = new PullCommands(bench);
    if (!pulls.hasCurl()) {
      throw new IllegalStateException("curl is not on PATH: apt-get install -y curl");
    }
    List<Section> sections = new ArrayList<>();
    RunOptions options = bench.options;
    if (options.runs("1")) {
      sections.add(load.before("1", new ColdPullBenchmark(bench, pulls)::run));
    }
    if (options.runs("1b")) {
      sections.add(load.before("1b", new SlowLinkBenchmark(bench, pulls)::run));
    }
    if (options.runs("1c")) {
      sections.add(load.before("1c", new ColdSmallPackageBenchmark(bench, pulls)::run));
    }
    if (options.runs("1i")) {
      sections.add(load.before("1i", new CliAotBenchmark(bench, pulls)::run));
    }
    WarmCache warm = WarmCache.prepare(bench, bench.workFile("warm-cache"));
    if (options.runs("2")) {
      sections.add(load.before("2", new WarmLoadBenchmark(bench, warm)::run));
    }
    if (options.runs("2l")) {
      sections.add(load.before("2l", new WarmAotBenchmark(bench, warm)::run));
    }
    if (options.runs("2p")) {
      sections.add(load.before("2p", new WarmPeersBenchmark(bench)::run));
    }
    if (options.runs("3")) {
      sections.add(load.before("3", new AgentStartBenchmark(bench, warm)::run));
    }
    if (options.runs("4")) {
      sections.add(load.before("4", new MemoryBenchmark(bench, pulls)::run));
    }
    if (options.runs("5")) {
      sections.add(load.before("5", new ConcurrencyBenchmark(bench, pulls)::run));
    }
    if (!options.runs("6")) {
      return sections;
    }
    PipelineBenchmark pipeline = new PipelineBenchmark(bench);
    if (bench.options.jmh()) {
      JmhSuite jmh = new JmhSuite(Files.createDirectories(bench.workFile("jmh")));
      bench.log("JMH: extraction pipeline");
      List<JmhSuite.Score> pipelineScores =
          load.before("6 (JMH)", () -> jmh.pipeline(pipeline.layerFiles()));
      sections.add(pipeline.run(pipelineScores));
      bench.log("JMH: hot code");
      sections.add(HotCodeReport.section(load.before("JMH", jmh::hotCode)));
    } else {
      sections.add(pipeline.run(null));
    }
    return sections;
  }

  private static void writeResults(Bench bench, List<Section> sections, RunDescription run)
      throws Exception {
    Path results = bench.options.resultsDirectory();
    Files.writeString(
        results.resolve("RESULTS.md"),
        ResultsMarkdown.render(run, sections),
        StandardCharsets.UTF_8);
    List<ResultRow> rows = new ArrayList<>();
    sections.forEach(s -> rows.addAll(s.rows()));
    RatioChart.write(
        results.resolve("chart.png"), "ocipkg against its baselines (median, min–max)", rows);
    bench.samples.write(results.resolve("samples.csv"));
  }
}
