package dev.ocipkg.benchmarks.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one timed process did.
 *
 * @param wallNanos from just before the process was started to just after it was reaped
 * @param peakRssKib its peak resident set size as {@code /usr/bin/time} saw it; -1 without it
 */
record ProcessResult(
    List<String> command,
    int exitCode,
    long wallNanos,
    String stdout,
    String stderr,
    long peakRssKib) {

  double wallMillis() {
    return wallNanos / 1e6;
  }

  double wallSeconds() {
    return wallNanos / 1e9;
  }

  /** Fails with the command and its output unless it exited 0. */
  ProcessResult checked() {
    if (exitCode != 0) {
      throw new IllegalStateException(
          "exit code "
              + exitCode
              + " from "
              + String.join(" ", command)
              + "\nstdout: "
              + stdout
              + "\nstderr: "
              + stderr);
    }
    return this;
  }

  /** The {@code key=value} pairs that a probe printed. */
  Map<String, String> values() {
    Map<String, String> values = new HashMap<>();
    for (String token : stdout.trim().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq > 0) {
        values.put(token.substring(0, eq), token.substring(eq + 1));
      }
    }
    return values;
  }

  long longValue(String key) {
    String value = values().get(key);
    if (value == null) {
      throw new IllegalStateException(
          "no " + key + "= in the output of " + command + ": " + stdout);
    }
    return Long.parseLong(value);
  }
}
