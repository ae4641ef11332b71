package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.util.List;

/**
 * One round of warm-load probes ({@code WarmLoadProbe} commands): each variant run once, in an
 * order rotated by the round's number so that no variant always runs first, with its whole-process
 * and in-process ({@code load-nanos}) milliseconds kept by variant.
 *
 * @param wallMillis by variant, the process from start to exit
 * @param inProcessMillis by variant, the probe's load and first call
 */
record WarmRound(double[] wallMillis, double[] inProcessMillis) {
  static WarmRound run(Bench bench, List<List<String>> variants, int round) throws IOException {
    double[] wall = new double[variants.size()];
    double[] inProcess = new double[variants.size()];
    for (int i = 0; i < variants.size(); i++) {
      int variant = (i + round) % variants.size();
      ProcessResult run = bench.processes.run(variants.get(variant)).checked();
      wall[variant] = run.wallMillis();
      inProcess[variant] = run.longValue("load-nanos") / 1e6;
    }
    return new WarmRound(wall, inProcess);
  }
}
