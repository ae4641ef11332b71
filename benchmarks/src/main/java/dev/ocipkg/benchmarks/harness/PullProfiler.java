package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One more ocipkg pull on an empty cache, under JFR ({@code settings=profile}), summarised by
 * {@link JfrHotspots}: the evidence for naming a pull's bottleneck.
 */
final class PullProfiler {
  private final Bench bench;
  private final PullCommands pulls;

  PullProfiler(Bench bench, PullCommands pulls) {
    this.bench = bench;
    this.pulls = pulls;
  }

  /** Markdown: how it was profiled, the table of work, and the bottleneck named. */
  String profile(String reference, String name, List<String> jvmOptions) throws IOException {
    Path cache = bench.freshDirectory(name + "-profiled-cache");
    Path recording = bench.workFile(name + ".jfr");
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile");
    try {
      bench.log(name + " under JFR");
      bench.processes.settle();
      bench.processes.run(pulls.ocipkg(reference, cache, 1, options)).checked();
    } finally {
      Bench.delete(cache);
    }
    JfrHotspots hotspots = JfrHotspots.readPullingThreads(recording);
    return "Profile: one more pull under JFR (`-XX:StartFlightRecording:settings=profile`),"
        + " execution and native-method samples of the pulling threads (`main` and"
        + " `ocipkg-layer-N`, which parse the tar of the first and of each later layer and write"
        + " the files; `ocipkg-read-N`, which read, hash and decompress each layer):\n\n"
        + hotspots.markdown(6)
        + "\nBottleneck: **"
        + hotspots.top().label
        + "**, "
        + Units.fixed(100 * hotspots.share(hotspots.top()), 0)
        + "% of the samples.\n";
  }
}
