package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two containers on one cache volume: while one JVM extracts a package of many files, a JVM in
 * another PID namespace (which cannot see the first one's pid) cleans the cache's abandoned work.
 * The first JVM's work must survive, and the package must be published complete, or not at all.
 */
class SharedVolumeIT {
  private static final int FILES = 20_000;

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void aCleanerInAnotherPidNamespaceLeavesWorkInProgressAlone(
      @TempDir Path work, @TempDir Path cache) throws Exception {
    requireUnshare(work);
    WrittenLayout layout = ManyFilesArtifact.push(registry.server(), work, FILES, 6);
    long layerSize = layout.manifest("linux/amd64").layerSize();
    int expectedFiles = layout.manifest("linux/amd64").files().size();

    try (FaultProxy slow =
        FaultProxy.inFrontOf(registry.server()).throttle(Math.max(layerSize / 10, 16 * 1024))) {
      Path firstLog = work.resolve("first.log");
      Process first =
          JavaProcesses.start(
              firstLog,
              LoadMain.class,
              cache.toString(),
              slow.host() + "/" + ManyFilesArtifact.REFERENCE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((slow.bytesDown() < layerSize / 4 || packageTemps(cache).isEmpty())
          && System.nanoTime() < deadline) {
        assertThat(first.isAlive()).as(Files.readString(firstLog)).isTrue();
        Thread.sleep(20);
      }
      assertThat(packageTemps(cache)).as("the first JVM's package in progress").isNotEmpty();

      // Held to a trickle (still above the loader's stall bound) until the cleaner is done, so the
      // first JVM is still at work however long the cleaner's JVM takes to start.
      slow.throttle(16 * 1024);
      Path cleanerLog = work.resolve("cleaner.log");
      Process cleaner = inOtherPidNamespace(cleanerLog, CleanMain.class, cache.toString());
      assertThat(cleaner.waitFor(60, TimeUnit.SECONDS)).as("cleaner finished").isTrue();
      assertThat(cleaner.exitValue()).as(Files.readString(cleanerLog)).isZero();
      assertThat(Files.readString(cleanerLog)).contains("cleaned ");
      assertThat(first.isAlive())
          .as("the cleaner ran while the first JVM was still extracting")
          .isTrue();
      slow.throttle(Math.max(layerSize / 10, 16 * 1024));

      assertThat(first.waitFor(120, TimeUnit.SECONDS)).as("first JVM finished").isTrue();
      String firstOutput = Files.readString(firstLog);
      assertPackageCompleteOrAbsent(cache, expectedFiles, firstOutput);
      assertThat(first.exitValue()).as(firstOutput).isZero();
      assertThat(firstOutput).contains("loaded " + cache);
    }
  }

  private static void assertPackageCompleteOrAbsent(Path cache, int expectedFiles, String log)
      throws Exception {
    Path packages = cache.resolve("packages/sha256");
    String[] published = packages.toFile().list();
    if (published == null || published.length == 0) {
      return;
    }
    try (Stream<Path> walk = Files.walk(packages.resolve(published[0]))) {
      assertThat(walk.filter(Files::isRegularFile).count())
          .as("files of the published package; first JVM said: %s", log)
          .isEqualTo(expectedFiles);
    }
  }

  private static List<Path> packageTemps(Path cache) throws Exception {
    Path tmp = cache.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("package-")).toList();
    }
  }

  /** A JVM as {@link JavaProcesses} starts them, in a PID namespace of its own. */
  private static Process inOtherPidNamespace(Path output, Class<?> main, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  /** Fails (never skips) where PID namespaces cannot be made, naming what to change. */
  private static void requireUnshare(Path work) throws Exception {
    Path log = work.resolve("unshare-probe.log");
    Process probe;
    try {
      probe =
          new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (java.io.IOException e) {
      throw new AssertionError(
          "this test needs unshare(1) (util-linux) to run a JVM in another PID namespace: " + e, e);
    }
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(probe.exitValue())
        .as(
            "unshare --pid --fork --mount-proc is not permitted here (%s); this test needs root"
                + " or unprivileged user namespaces to act as a second container",
            Files.readString(log, StandardCharsets.UTF_8).strip())
        .isZero();
  }
}
