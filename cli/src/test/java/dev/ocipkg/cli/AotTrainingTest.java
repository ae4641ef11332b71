package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache's training run does the work it is meant to teach the JVM: every command succeeds,
 * and the pull really went through the training registry into the cache and the pulled folder (a
 * training that failed early would make a cache of the start-up only, and nothing else would tell).
 */
class AotTrainingTest {
  @Test
  void everyCommandOfTheTrainingSucceedsAndThePullFillsTheCache(@TempDir Path work)
      throws IOException {
    assertThat(AotTraining.train(work)).as("failed commands").isZero();

    assertThat(work.resolve("pulled").resolve("lib").resolve("libtraining.so"))
        .isRegularFile()
        .hasSize(256 * 1024);
    try (Stream<Path> packages =
        Files.list(work.resolve("cache").resolve("packages").resolve("sha256"))) {
      assertThat(packages).hasSize(1);
    }
  }
}
