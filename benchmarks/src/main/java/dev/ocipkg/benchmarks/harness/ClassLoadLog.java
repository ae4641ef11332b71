package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The classes a JVM loaded, from its {@code -Xlog:class+load} file: evidence of what a warm load
 * touches, and of what it must not (the HTTP client, the JSON parser, the caches).
 */
final class ClassLoadLog {
  private final List<String> lines;

  private ClassLoadLog(List<String> lines) {
    this.lines = lines;
  }

  /** The JVM option that writes the log to {@code file}. */
  static String option(Path file) {
    return "-Xlog:class+load=info:file=" + file;
  }

  static ClassLoadLog read(Path file) throws IOException {
    return new ClassLoadLog(
        Files.readAllLines(file).stream().filter(l -> l.contains("source:")).toList());
  }

  int total() {
    return lines.size();
  }

  /** Classes whose name starts with {@code prefix}, e.g. {@code com.fasterxml.jackson.}. */
  long count(String prefix) {
    return lines.stream().filter(l -> l.contains("] " + prefix)).count();
  }
}
