package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.LayerPipelineBenchmark;
import dev.ocipkg.benchmarks.PlatformMatchingBenchmark;
import dev.ocipkg.benchmarks.ValueParsingBenchmark;
import dev.ocipkg.benchmarks.WarmOpenBenchmark;
import dev.ocipkg.benchmarks.report.Spread;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this module through JMH's API (forked JVMs, the harness's class path)
 * with shorter iterations than their annotations, to fit the whole run in ten minutes, and keeps
 * the scores. JMH's own output goes to {@code jmh-*.log} in the work folder.
 */
final class JmhSuite {
  /** One benchmark's score over its measurement iterations, in {@code unit}. */
  record Score(String benchmark, Map<String, String> params, Spread spread, String unit) {
    String label() {
      return params.isEmpty() ? benchmark : benchmark + " " + params.values();
    }
  }

  private final Path logDirectory;

  JmhSuite(Path logDirectory) {
    this.logDirectory = logDirectory;
  }

  /** Parsing, platform matching and the warm open: microbenchmarks, 2 x 1 s warm-up, 3 x 1 s. */
  List<Score> hotCode() throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(pattern(ValueParsingBenchmark.class))
            .include(pattern(PlatformMatchingBenchmark.class))
            .include(pattern(WarmOpenBenchmark.class))
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(1))
            .forks(1);
    return run(options, "jmh-hot-code.log");
  }

  /** The extraction pipeline on each of {@code layerFiles}: single shots, 2 warm-up, 5 measured. */
  List<Score> pipeline(List<Path> layerFiles) throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(pattern(LayerPipelineBenchmark.class))
            .param("layerFile", layerFiles.stream().map(Path::toString).toArray(String[]::new))
            .forks(1);
    return run(options, "jmh-pipeline.log");
  }

  private List<Score> run(ChainedOptionsBuilder options, String logName) throws RunnerException {
    Path log = logDirectory.resolve(logName);
    Collection<RunResult> results = new Runner(options.output(log.toString()).build()).run();
    List<Score> scores = new ArrayList<>();
    for (RunResult result : results) {
      BenchmarkParams params = result.getParams();
      Map<String, String> values = new LinkedHashMap<>();
      for (String key : params.getParamsKeys()) {
        values.put(key, params.getParam(key));
      }
      var statistics = result.getPrimaryResult().getStatistics();
      String name = params.getBenchmark();
      scores.add(
          new Score(
              name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
              values,
              new Spread(
                  statistics.getPercentile(50),
                  statistics.getMin(),
                  statistics.getMax(),
                  (int) statistics.getN()),
              result.getPrimaryResult().getScoreUnit()));
    }
    return scores;
  }

  private static String pattern(Class<?> benchmark) {
    return "^" + benchmark.getName().replace(".", "\\.") + "\\.";
  }
}
