package dev.ocipkg.benchmarks.harness;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The harness's command line, as run.sh passes it.
 *
 * @param repositoryRoot the project folder (to find the agent jar)
 * @param resultsDirectory where RESULTS.md, chart.png and samples.csv go
 * @param workDirectory scratch space: fixtures, caches, copies (emptied first)
 * @param probeClassPath the class path of the probe JVMs
 * @param command the command line to quote in the results
 * @param rounds multiplies the default round counts; 1 for the recorded results
 * @param fixtureScale multiplies the fixture sizes; 1 for the recorded results
 * @param jmh whether to run the JMH benchmarks
 * @param only the sections to run (e.g. {@code 1c}, {@code 2p}), every one when empty
 * @param peerClassPath what the warm-peer probes add to the probe class path: JavaCPP and scijava's
 *     native-lib-loader
 * @param compareLoaders other loader jars by name ({@code --compare-loaders NAME=JAR,…}), whose
 *     cold small-package pulls section 1c runs in the same rounds as this loader's, and whose warm
 *     loads section 2p runs in the same rounds
 * @param compareAgents other agent jars by name ({@code --compare-agents NAME=JAR,…}), which
 *     section 3 starts in the same rounds as this agent; one named as a compared loader runs with
 *     that loader on the class path
 */
record RunOptions(
    Path repositoryRoot,
    Path resultsDirectory,
    Path workDirectory,
    String probeClassPath,
    String command,
    double rounds,
    double fixtureScale,
    boolean jmh,
    Set<String> only,
    String peerClassPath,
    Map<String, Path> compareLoaders,
    Map<String, Path> compareAgents) {

  static RunOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    boolean jmh = true;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--skip-jmh")) {
        jmh = false;
      } else if (arg.startsWith("--") && i + 1 < args.length) {
        values.put(arg.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument \"" + arg + "\"");
      }
    }
    return new RunOptions(
        Path.of(required(values, "repository-root")).toAbsolutePath().normalize(),
        Path.of(required(values, "results")).toAbsolutePath(),
        Path.of(required(values, "work")).toAbsolutePath(),
        required(values, "probe-classpath"),
        values.getOrDefault("command", "benchmarks/run.sh"),
        Double.parseDouble(values.getOrDefault("rounds", "1")),
        Double.parseDouble(values.getOrDefault("fixture-scale", "1")),
        jmh,
        values.containsKey("only") ? Set.of(values.get("only").split(",")) : Set.of(),
        values.getOrDefault("peer-classpath", ""),
        jars("--compare-loaders", values.getOrDefault("compare-loaders", "")),
        jars("--compare-agents", values.getOrDefault("compare-agents", "")));
  }

  private static Map<String, Path> jars(String option, String list) {
    Map<String, Path> loaders = new LinkedHashMap<>();
    for (String item : list.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(option + " takes NAME=JAR,…, got \"" + item + "\"");
      }
      loaders.put(item.substring(0, eq), Path.of(item.substring(eq + 1)).toAbsolutePath());
    }
    return loaders;
  }

  /** Whether section {@code id} is to run. */
  boolean runs(String id) {
    return only.isEmpty() || only.contains(id);
  }

  /** {@code base} rounds scaled by {@link #rounds}, at least 2. */
  int rounds(int base) {
    return Math.max(2, (int) Math.round(base * rounds));
  }

  private static String required(Map<String, String> values, String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return value;
  }
}
