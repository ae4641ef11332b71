package dev.ocipkg.benchmarks.harness;

import java.util.Locale;

/** Numbers as the report writes them. */
final class Units {
  private static final double MIB = 1024 * 1024;

  private Units() {}

  static String millis(double ms) {
    return String.format(Locale.ROOT, "%.0f ms", ms);
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
  }

  /** Throughput in MiB/s of {@code bytes} moved in {@code nanos}. */
  static double mibPerSecond(long bytes, double nanos) {
    return bytes / MIB / (nanos / 1e9);
  }

  static String rate(double mibPerSecond) {
    return String.format(Locale.ROOT, "%.0f MiB/s", mibPerSecond);
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String kibAsMib(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
  }
}
