package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.AccessLogEntry;
import dev.ocipkg.testing.FileListing;
import dev.ocipkg.testing.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only cache baked with a tag, used after the tag's TTL: the registry is asked what the tag
 * names now, and when that is what the read-only cache holds, the package is served from there.
 * Nothing is downloaded but the tag's answer, and the writable cache gets the refreshed record
 * only; that record then serves warm loads, from the read-only cache's package.
 */
class StaleTagInReadOnlyCacheIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir Path work;

  @Test
  void aStaleTagThatStillNamesWhatTheReadOnlyCacheHoldsIsServedFromThere() throws Exception {
    DemoArtifact.push(registry.server(), "acme/baked", work);
    String reference = registry.server().host() + "/acme/baked:" + DemoArtifact.TAG;
    Path baked = work.resolve("baked");
    NativeLoader.builder().cacheDir(baked).build().open(reference);
    FileListing.makeReadOnlyOwnedByRoot(baked);
    Map<String, String> bakedBefore = FileListing.of(baked);
    Path writable = work.resolve("writable");
    registry.accessLog().clear();

    NativePackage stale =
        NativeLoader.builder()
            .cacheDir(writable)
            .readOnlyCache(baked)
            .tagTtl(Duration.ZERO)
            .build()
            .open(reference);

    assertThat(stale.directory()).startsWith(baked.resolve("packages"));
    List<AccessLogEntry> requests = registry.accessLog().entries();
    assertThat(requests)
        .as("what the stale tag cost")
        .anyMatch(e -> e.path().endsWith("/manifests/" + DemoArtifact.TAG))
        .noneMatch(e -> e.path().contains("/blobs/") || e.path().contains("/manifests/sha256:"));
    assertThat(FileListing.of(baked)).as("the read-only cache").isEqualTo(bakedBefore);
    assertThat(filesUnder(writable))
        .as("what the writable cache got")
        .allMatch(
            f -> f.startsWith("refs/") || f.startsWith("hosts/") || f.startsWith("locks/owners/"),
            "a record, the registry's scheme, the owner lock of its temp file")
        .anyMatch(f -> f.startsWith("refs/") && f.endsWith(".ref"));

    registry.accessLog().clear();
    NativePackage warm =
        NativeLoader.builder().cacheDir(writable).readOnlyCache(baked).build().open(reference);

    assertThat(warm.directory()).isEqualTo(stale.directory());
    assertThat(registry.accessLog().entries()).as("the warm load after the refresh").isEmpty();
  }

  private static List<String> filesUnder(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
    }
  }
}
