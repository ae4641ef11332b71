package dev.ocipkg.benchmarks.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident set size of this process, from Linux's {@code /proc/self/status}. */
final class PeakMemory {
  private PeakMemory() {}

  /** {@code VmHWM} in KiB, or -1 where the file or the field is missing (not Linux). */
  static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
