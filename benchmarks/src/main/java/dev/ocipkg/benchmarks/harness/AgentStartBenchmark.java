package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.probe.AgentPrefetchCheck;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Spread;
import dev.ocipkg.benchmarks.report.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Issue item 3: the warm-load program started with {@code -javaagent:ocipkg-agent.jar=REF} against
 * the same program without the agent, on the warm cache.
 *
 * <p>The agent is being written at the same time as these benchmarks. It is measured only once
 * {@code loader-agent/target/ocipkg-agent-*.jar} exists and does its job: started on an empty cache
 * with {@code =REF}, it must put that package into the cache by itself. Until then the row says why
 * it was not measured, and the next run measures it without any change here.
 */
final class AgentStartBenchmark {
  private static final int ROUNDS = 30;
  private static final double TARGET_MILLIS = 50;
  private static final long PREFETCH_WAIT_MILLIS = 8000;
  private static final String MEASURE = "JVM start with the agent, warm cache (whole JVM)";
  private static final String TARGET = "<= +50 ms";
  private static final double TRANSFORMER_TARGET_MILLIS = 5;

  private final Bench bench;
  private final WarmCache cache;

  AgentStartBenchmark(Bench bench, WarmCache cache) {
    this.bench = bench;
    this.cache = cache;
  }

  Section run() throws IOException {
    Optional<Path> jar = agentJar();
    if (jar.isEmpty()) {
      return notMeasured(
          "not measured: agent not yet built (no `loader-agent/target/ocipkg-agent-*.jar`)");
    }
    String agent = "-javaagent:" + jar.get() + "=" + cache.digestReference();
    Optional<String> broken = prefetchFailure(agent);
    if (broken.isPresent()) {
      return notMeasured("not measured: agent not yet built (" + broken.get() + ")");
    }

    Samples without = new Samples();
    Samples noOp = new Samples();
    Samples noOpTransformer = new Samples();
    Samples with = new Samples();
    Samples ratio = new Samples();
    Samples delta = new Samples();
    Samples transformerRatio = new Samples();
    Samples transformerDelta = new Samples();
    String noOpAgent = "-javaagent:" + NoOpAgentJar.write(bench.workFile("no-op-agent.jar"));
    List<List<String>> variants =
        new ArrayList<>(
            List.of(
                cache.ocipkgLoad(bench, cache.digestReference(), List.of()),
                cache.ocipkgLoad(bench, cache.digestReference(), List.of(noOpAgent)),
                cache.ocipkgLoad(
                    bench, cache.digestReference(), List.of(noOpAgent + "=transformer")),
                cache.ocipkgLoad(bench, cache.digestReference(), List.of(agent))));
    List<String> agentNames = new ArrayList<>(bench.options.compareAgents().keySet());
    List<Samples> compared = new ArrayList<>();
    for (String name : agentNames) {
      Path loader = bench.options.compareLoaders().get(name);
      JavaLauncher java = loader == null ? bench.java : bench.java.withLoaderJar(loader);
      String other =
          "-javaagent:" + bench.options.compareAgents().get(name) + "=" + cache.digestReference();
      variants.add(cache.ocipkgLoad(java, cache.digestReference(), List.of(other)));
      compared.add(new Samples());
    }
    int rounds = bench.options.rounds(ROUNDS);
    bench.log("agent start: " + rounds + " rounds");
    for (int round = 1; round <= rounds; round++) {
      double[] millis = new double[variants.size()];
      for (int i = 0; i < variants.size(); i++) {
        int variant = (i + round) % variants.size();
        millis[variant] = bench.processes.run(variants.get(variant)).checked().wallMillis();
      }
      without.add(millis[0]);
      noOp.add(millis[1]);
      noOpTransformer.add(millis[2]);
      with.add(millis[3]);
      ratio.add(millis[3] / millis[0]);
      delta.add(millis[3] - millis[0]);
      transformerRatio.add(millis[3] / millis[2]);
      transformerDelta.add(millis[3] - millis[2]);
      bench.samples.add("agent", "without", round, millis[0], "ms");
      bench.samples.add("agent", "no-op-agent", round, millis[1], "ms");
      bench.samples.add("agent", "no-op-agent-with-transformer", round, millis[2], "ms");
      bench.samples.add("agent", "ocipkg-agent", round, millis[3], "ms");
      for (int n = 0; n < agentNames.size(); n++) {
        compared.get(n).add(millis[4 + n]);
        bench.samples.add("agent", agentNames.get(n) + "-agent", round, millis[4 + n], "ms");
      }
    }
    double targetRatio = (without.median() + TARGET_MILLIS) / without.median();
    ResultRow row =
        new ResultRow(
            "3",
            MEASURE,
            Units.millis(with.median()) + " (+" + Units.millis(delta.median()) + ")",
            Units.millis(without.median()) + " (no agent)",
            ratio.spread(),
            TARGET,
            targetRatio,
            delta.median() <= TARGET_MILLIS ? Verdict.MET : Verdict.MISSED);
    double transformerTarget =
        (noOpTransformer.median() + TRANSFORMER_TARGET_MILLIS) / noOpTransformer.median();
    ResultRow versusTransformer =
        new ResultRow(
            "3b",
            "JVM start with the agent vs a do-nothing agent that registers a transformer",
            Units.millis(with.median()) + " (+" + Units.millis(transformerDelta.median()) + ")",
            Units.millis(noOpTransformer.median()) + " (do-nothing agent + transformer)",
            transformerRatio.spread(),
            "<= +" + Units.millis(TRANSFORMER_TARGET_MILLIS),
            transformerTarget,
            transformerDelta.median() <= TRANSFORMER_TARGET_MILLIS ? Verdict.MET : Verdict.MISSED);
    Spread d = delta.spread();
    String details =
        "`"
            + jar.get().getFileName()
            + "=REF` (the digest-pinned demo reference) in front of the warm-load probe, which"
            + " loads the same reference and calls `demo_add`; all on the warm cache, same class"
            + " path. Two do-nothing agents run in the same rounds, to separate what any"
            + " `-javaagent` costs the JVM from what ocipkg's agent adds: an empty `premain`, and"
            + " one that only registers a `ClassFileTransformer` returning null for every class"
            + " (ocipkg's agent registers one, to find `@NativeImage` classes).\n\n"
            + DetailTable.HEADER
            + DetailTable.row("without an agent (ms)", without, 0)
            + DetailTable.row("with a do-nothing agent (ms)", noOp, 0)
            + DetailTable.row("with a do-nothing agent and transformer (ms)", noOpTransformer, 0)
            + DetailTable.row("with ocipkg's agent (ms)", with, 0)
            + comparedAgents(agentNames, compared, noOpTransformer, transformerDelta)
            + "\nAdded by ocipkg's agent: median "
            + Units.millis(d.median())
            + " (min "
            + Units.millis(d.min())
            + ", max "
            + Units.millis(d.max())
            + "); by the do-nothing agent: "
            + Units.millis(noOp.median() - without.median())
            + ", with its transformer: "
            + Units.millis(noOpTransformer.median() - without.median())
            + " (differences of medians). So of ocipkg's "
            + Units.millis(with.median() - without.median())
            + ", the JVM's own price for an agent with a transformer is "
            + Units.millis(noOpTransformer.median() - without.median())
            + " and ocipkg's premain and background work the other "
            + Units.millis(with.median() - noOpTransformer.median())
            + ".\n\n"
            + classLoading(agent);
    return new Section("3. Agent start-up", List.of(row, versusTransformer), details);
  }

  /**
   * Rows of the detail table for the agents of {@code --compare-agents}, which ran in the same
   * rounds: each one's wall time and its per-round excess over the do-nothing agent with a
   * transformer (row 3b's measure). Empty without such agents.
   */
  private static String comparedAgents(
      List<String> names, List<Samples> millis, Samples noOpTransformer, Samples thisExcess) {
    StringBuilder rows = new StringBuilder();
    if (!names.isEmpty()) {
      rows.append(
          DetailTable.row(
              "ocipkg's agent minus the do-nothing agent + transformer (ms, per round)",
              thisExcess,
              0));
    }
    for (int n = 0; n < names.size(); n++) {
      Samples excess = new Samples();
      for (int round = 0; round < millis.get(n).size(); round++) {
        excess.add(millis.get(n).get(round) - noOpTransformer.get(round));
      }
      rows.append(DetailTable.row("with the " + names.get(n) + " agent (ms)", millis.get(n), 0));
      rows.append(
          DetailTable.row(
              "the "
                  + names.get(n)
                  + " agent minus the do-nothing agent + transformer (ms, per"
                  + " round)",
              excess,
              0));
    }
    return rows.toString();
  }

  /** One more run with and without the agent under {@code -Xlog:class+load}. */
  private String classLoading(String agent) throws IOException {
    Path plainLog = bench.workFile("classes-no-agent.log");
    Path agentLog = bench.workFile("classes-agent.log");
    bench
        .processes
        .run(
            cache.ocipkgLoad(
                bench, cache.digestReference(), List.of(ClassLoadLog.option(plainLog))))
        .checked();
    bench
        .processes
        .run(
            cache.ocipkgLoad(
                bench, cache.digestReference(), List.of(agent, ClassLoadLog.option(agentLog))))
        .checked();
    ClassLoadLog plain = ClassLoadLog.read(plainLog);
    ClassLoadLog agented = ClassLoadLog.read(agentLog);
    return "Classes loaded (`-Xlog:class+load`, all threads): "
        + plain.total()
        + " without the agent, "
        + agented.total()
        + " with it (+"
        + (agented.total() - plain.total())
        + "; "
        + agented.count("dev.ocipkg.agent.")
        + " from `dev.ocipkg.agent`, of which "
        + agented.count("dev.ocipkg.agent.shaded.")
        + " shaded dependencies; "
        + agented.count("java.lang.instrument.")
        + " from `java.lang.instrument`).\n";
  }

  private Section notMeasured(String why) {
    return new Section(
        "3. Agent start-up",
        List.of(ResultRow.notMeasured("3", MEASURE, why, TARGET)),
        why.substring(0, 1).toUpperCase(Locale.ROOT)
            + why.substring(1)
            + ". The script checks on every run: once the jar exists and its premain fetches the"
            + " reference it is given (`-javaagent:…=REF` on an empty cache puts the package"
            + " there within "
            + PREFETCH_WAIT_MILLIS / 1000
            + " s), this row is measured: the warm-load probe with and without the agent.\n");
  }

  private Optional<Path> agentJar() throws IOException {
    return BuiltJars.find(bench.options.repositoryRoot(), "loader-agent", "ocipkg-agent-.*\\.jar");
  }

  /** Why the agent does not (yet) fetch its reference, or empty if it does. */
  private Optional<String> prefetchFailure(String agentOption) throws IOException {
    Path empty = bench.freshDirectory("agent-check-cache");
    try {
      ProcessResult check =
          bench.processes.run(
              bench.java.command(
                  List.of(agentOption, "-Docipkg.cache.dir=" + empty),
                  AgentPrefetchCheck.class,
                  empty.toString(),
                  String.valueOf(PREFETCH_WAIT_MILLIS)));
      if (check.exitCode() == 0) {
        return Optional.empty();
      }
      if (check.exitCode() == 3) {
        return Optional.of(
            "`-javaagent:ocipkg-agent.jar=REF` left the cache empty for "
                + PREFETCH_WAIT_MILLIS / 1000
                + " s: its premain does not fetch the reference yet");
      }
      String firstError = check.stderr().lines().findFirst().orElse("no output");
      return Optional.of(
          "the JVM with the agent failed, exit code " + check.exitCode() + ": " + firstError);
    } finally {
      Bench.delete(empty);
    }
  }
}
