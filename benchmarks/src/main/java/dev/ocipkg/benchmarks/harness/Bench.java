package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.Fixtures;
import dev.ocipkg.testing.RegistryServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What every benchmark of a run shares: the registry holding the fixtures, the launchers, the
 * scratch folder and the log.
 */
final class Bench {
  static final String MULTI_LAYER = "bench/multi-layer";
  static final String ONE_GIB = "bench/one-gib";
  static final String DEMO = "bench/demo";
  static final String SMALL_PACKAGE = "bench/small-package";

  final RunOptions options;
  final RegistryServer registry;
  final Fixtures fixtures;
  final JavaLauncher java;
  final ProcessRunner processes;
  final PrintStream log;
  final SampleLog samples = new SampleLog();
  private final Path workDirectory;
  private int directories;

  Bench(
      RunOptions options,
      RegistryServer registry,
      Fixtures fixtures,
      JavaLauncher java,
      ProcessRunner processes,
      PrintStream log) {
    this.options = options;
    this.registry = registry;
    this.fixtures = fixtures;
    this.java = java;
    this.processes = processes;
    this.log = log;
    this.workDirectory = options.workDirectory();
  }

  /** {@code 127.0.0.1:PORT/REPOSITORY:1.0}. */
  String tagReference(String repository) {
    return registry.reference(repository + ":" + Fixtures.TAG);
  }

  /** {@code 127.0.0.1:PORT/REPOSITORY@DIGEST}. */
  String digestReference(String repository, String digest) {
    return registry.reference(repository + "@" + digest);
  }

  /** The plain URL of a blob, as {@code curl} fetches it. */
  String blobUrl(String repository, String digest) {
    return registry.baseUri() + "/v2/" + repository + "/blobs/" + digest;
  }

  /** A folder path under the work folder that does not exist yet. */
  Path freshDirectory(String purpose) {
    return workDirectory.resolve(purpose + "-" + (++directories));
  }

  /** A file in the work folder. */
  Path workFile(String name) {
    return workDirectory.resolve(name);
  }

  /** Deletes a folder tree if it is there (outside any timing). */
  static void delete(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  void log(String message) {
    log.println("[bench] " + message);
    log.flush();
  }
}
