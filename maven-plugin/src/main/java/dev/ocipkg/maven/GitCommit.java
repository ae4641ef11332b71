package dev.ocipkg.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The commit a project folder is checked out at, from {@code git} run directly (no shell). */
final class GitCommit {
  private GitCommit() {}

  /**
   * {@code git rev-parse --short COMMIT}: the abbreviation git itself would print for {@code
   * commit}, or empty where git is missing or does not know it.
   */
  static Optional<String> shortHash(File folder, String commit) {
    return run(folder, List.of("git", "rev-parse", "--short", commit));
  }

  /** {@code git rev-parse HEAD}, or empty where git is missing or this is no checkout. */
  static Optional<String> fullHash(File folder) {
    return run(folder, List.of("git", "rev-parse", "HEAD"));
  }

  private static Optional<String> run(File folder, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(folder)
              .redirectErrorStream(false)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      String hash = out.strip();
      return process.exitValue() == 0 && hash.matches("[0-9a-f]{4,64}")
          ? Optional.of(hash)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
