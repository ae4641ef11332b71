package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's 1-minute load average as each benchmark starts, from {@code /proc/loadavg}: on a
 * shared 2-core machine it tells the reader how busy the others were.
 */
final class LoadAverages {
  /** A benchmark, run after the load average is taken. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws Exception;
  }

  private final List<String> readings = new ArrayList<>();

  <T> T before(String benchmark, Step<T> step) throws Exception {
    readings.add(benchmark + ": " + read());
    return step.run();
  }

  String summary() {
    return String.join(", ", readings);
  }

  private static String read() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
