package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.Fault;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.RecordedRequest;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.WrittenManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image config is fetched beside the layers, not after them (a small package's cold pull saves
 * a round trip), yet a layer's failure is still the one reported, and a config failure fails the
 * load only once the layers are in, leaving nothing in the cache. Through test-support's {@link
 * FaultProxy} in front of a real registry: it holds or breaks one blob's request.
 */
@Tag("java17")
class ConfigBesideLayersIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  private static final Duration LAYER_HELD =
      Duration.ofSeconds(8); // a loaded machine may start the config thread late

  @Test
  void theConfigIsAskedForWhileTheLayerIsHeld(@TempDir Path work, @TempDir Path cache)
      throws Exception {
    WrittenManifest manifest =
        DemoArtifact.push(registry.server(), "acme/beside", work).manifest("linux/amd64");
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.stall(LAYER_HELD).on("GET", blobPath(manifest.layerDigest())));

      NativePackage pkg =
          NativeLoader.builder()
              .cacheDir(cache)
              .build()
              .open(proxy.reference("acme/beside:" + DemoArtifact.TAG));

      assertThat(pkg.files()).isNotEmpty();
      RecordedRequest layer = only(proxy, manifest.layerDigest());
      RecordedRequest config = only(proxy, manifest.configDigest());
      assertThat(Duration.between(layer.time(), config.time()).abs())
          .as("the config request came while the layer was held, not after it")
          .isLessThan(LAYER_HELD.dividedBy(2));
    }
  }

  @Test
  void aMissingConfigFailsTheLoadAndLeavesNothing(@TempDir Path work, @TempDir Path cache)
      throws Exception {
    WrittenManifest manifest =
        DemoArtifact.push(registry.server(), "acme/noconfig", work).manifest("linux/amd64");

    NativeLoadException failure = loadFailure(cache, "acme/noconfig", configMissing(manifest));

    assertThat(failure).hasMessageContaining(manifest.configDigest());
    assertNothingCached(cache);
  }

  @Test
  void aBadLayerIsWhatIsReportedWhenTheConfigIsMissingToo(@TempDir Path work, @TempDir Path cache)
      throws Exception {
    WrittenManifest manifest =
        DemoArtifact.push(registry.server(), "acme/bothbad", work).manifest("linux/amd64");

    // The config's 404 comes at once, the layer's damage only at its end.
    NativeLoadException failure =
        loadFailure(
            cache,
            "acme/bothbad",
            configMissing(manifest),
            Fault.flipByte(100).on("GET", blobPath(manifest.layerDigest())).always());

    assertThat(failure)
        .hasMessageContaining(manifest.layerDigest())
        .hasMessageContaining("does not match its digest");
    assertNothingCached(cache);
  }

  private static Fault configMissing(WrittenManifest manifest) {
    return Fault.status(404).on("GET", blobPath(manifest.configDigest())).always();
  }

  /** How a cold load of {@code repository} through a proxy with {@code faults} fails. */
  private static NativeLoadException loadFailure(Path cache, String repository, Fault... faults)
      throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      for (Fault fault : faults) {
        proxy.rule(fault);
      }
      NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();
      return catchThrowableOfType(
          NativeLoadException.class,
          () -> loader.open(proxy.reference(repository + ":" + DemoArtifact.TAG)));
    }
  }

  private static String blobPath(String digest) {
    return ".+/blobs/" + digest;
  }

  private static RecordedRequest only(FaultProxy proxy, String digest) {
    var requests = proxy.requests("GET", blobPath(digest));
    assertThat(requests).as("GET of " + digest).hasSize(1);
    return requests.get(0);
  }

  private static void assertNothingCached(Path cache) throws Exception {
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();
    Path tmp = cache.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> entries = Files.list(tmp)) {
        assertThat(entries).as("nothing left in progress").isEmpty();
      }
    }
  }
}
