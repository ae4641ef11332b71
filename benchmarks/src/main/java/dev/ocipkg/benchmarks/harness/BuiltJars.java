package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Jars that a module's build left in its {@code target} folder (sources, javadoc, tests aside). */
final class BuiltJars {
  private BuiltJars() {}

  /** The first jar in {@code ROOT/module/target} whose name matches {@code nameRegex}. */
  static Optional<Path> find(Path repositoryRoot, String module, String nameRegex)
      throws IOException {
    Path target = repositoryRoot.resolve(module).resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches(nameRegex))
          .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
          .sorted()
          .findFirst();
    }
  }
}
