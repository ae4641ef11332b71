package dev.ocipkg.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child Maven run on a sample project, as the plugin's integration tests make them. */
final class MavenRuns {
  private MavenRuns() {}

  /** What a run printed, and how it ended. */
  record Run(int exitCode, String output) {}

  /**
   * Runs the mvn of this build in {@code project} with {@code settings}, the local repository that
   * maven-invoker-plugin filled, a cache under {@code work} and no Docker credentials of this
   * machine's user; asserts success where {@code mustSucceed}.
   */
  static Run mvn(Path work, Path project, String settings, boolean mustSucceed, String... goals)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(mavenExecutable());
    command.addAll(
        List.of(
            "-B",
            "-s",
            project.resolve(settings).toString(),
            "-Dmaven.repo.local=" + System.getProperty("ocipkg.it.repo"),
            "-Docipkg.cache.dir=" + work.resolve("maven-cache")));
    command.addAll(List.of(goals));
    Path log = Files.createTempFile(work, "mvn", ".log");
    ProcessBuilder builder = new ProcessBuilder(command);
    // No Docker credentials of this machine's user: only settings.xml gives any.
    builder.environment().put("DOCKER_CONFIG", work.resolve("no-docker-config").toString());
    Process process =
        builder
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("mvn timed out: " + command);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (mustSucceed) {
      assertThat(process.exitValue()).as("%s\n%s", command, output).isZero();
    }
    return new Run(process.exitValue(), output);
  }

  private static String mavenExecutable() {
    String name =
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win")
            ? "mvn.cmd"
            : "mvn";
    String mavenHome = System.getProperty("maven.home");
    if (mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", name))) {
      return Path.of(mavenHome, "bin", name).toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException("mvn is not on the PATH");
  }
}
