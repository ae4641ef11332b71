package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.ArtifactLayout;
import dev.ocipkg.benchmarks.fixture.Fixtures;
import dev.ocipkg.benchmarks.fixture.WrittenBlob;
import dev.ocipkg.benchmarks.probe.PullProbe;
import dev.ocipkg.testing.Skopeo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The three ways of fetching an artifact that the pull benchmarks compare, as command lines. */
final class PullCommands {
  private final Bench bench;
  private final Path skopeo;
  private final @Nullable Path curl;

  PullCommands(Bench bench) {
    this.bench = bench;
    Path found = onPath("skopeo");
    if (found == null) {
      throw new IllegalStateException("skopeo is not on PATH: apt-get install -y skopeo");
    }
    this.skopeo = found;
    this.curl = onPath("curl");
  }

  /**
   * A fresh JVM running {@link PullProbe}: ocipkg's pull into {@code cache}. ({@code ocipkg pull}
   * of the command line is being written; this is the library call it will make.)
   */
  List<String> ocipkg(String reference, Path cache, int threads, List<String> jvmOptions) {
    return bench.java.command(
        jvmOptions, PullProbe.class, reference, cache.toString(), String.valueOf(threads));
  }

  /**
   * {@code skopeo copy docker://REF oci:DIR:1.0}: this platform's manifest, its layers, verified.
   */
  List<String> skopeo(String reference, Path layout) {
    List<String> command = new ArrayList<>(List.of(skopeo.toString(), "--insecure-policy", "copy"));
    command.addAll(Skopeo.registryFlags("--src-", bench.registry));
    command.add("docker://" + reference);
    command.add("oci:" + layout + ":" + Fixtures.TAG);
    return command;
  }

  boolean hasCurl() {
    return curl != null;
  }

  /** {@code curl -o /dev/null URL…}: the config and layers on one connection, read and dropped. */
  List<String> plainGet(String repository, ArtifactLayout artifact) {
    if (curl == null) {
      throw new IllegalStateException("curl is not on PATH");
    }
    List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--fail"));
    List<WrittenBlob> blobs = new ArrayList<>(artifact.layers());
    blobs.add(artifact.config());
    for (WrittenBlob blob : blobs) {
      command.add("-o");
      command.add("/dev/null");
      command.add(bench.blobUrl(repository, blob.digest()));
    }
    return command;
  }

  static @Nullable Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
