package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a warm pull, the registry going away does not stop a load. */
@Tag("java17")
class OfflineIT {
  @Test
  void loadsByTagAndByDigestWithTheRegistryStopped(@TempDir Path work, @TempDir Path cache)
      throws Exception {
    try (RegistryServer registry = RegistryServer.builder().start()) {
      WrittenLayout layout = DemoArtifact.push(registry, "acme/offline", work);
      String byTag = registry.reference("acme/offline:" + DemoArtifact.TAG);
      String byDigest = registry.reference("acme/offline@" + layout.indexDigest());
      // A zero TTL makes every tag load ask the registry first.
      NativeLoader loader = NativeLoader.builder().cacheDir(cache).tagTtl(Duration.ZERO).build();
      NativePackage warm = loader.open(byTag);
      loader.open(byDigest);

      registry.stop();

      NativePackage byTagOffline = loader.open(byTag);
      assertThat(byTagOffline.directory()).isEqualTo(warm.directory());
      assertThat(byTagOffline.jna(Demo.class, "ocipkg_demo").demo_add(1, 2)).isEqualTo(3);
      assertThat(loader.open(byDigest).directory()).isEqualTo(warm.directory());

      NativeLoader offline = NativeLoader.builder().cacheDir(cache).offline(true).build();
      assertThat(offline.open(byTag).directory()).isEqualTo(warm.directory());

      String neverSeen = registry.reference("acme/never:1");
      assertThatThrownBy(() -> loader.open(neverSeen))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("cannot reach " + registry.host())
          .satisfies(e -> assertThat(((NativeLoadException) e).hint()).contains("offline"));
      assertThatThrownBy(() -> offline.open(neverSeen))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("offline, and " + neverSeen + " is not in the cache");
    }
  }

  @Test
  void aReadOnlyCacheStandsInForAStaleTagWithTheRegistryStopped(
      @TempDir Path work, @TempDir Path baked, @TempDir Path writable) throws Exception {
    try (RegistryServer registry = RegistryServer.builder().start()) {
      DemoArtifact.push(registry, "acme/baked", work);
      String byTag = registry.reference("acme/baked:" + DemoArtifact.TAG);
      NativePackage bakedPackage = NativeLoader.builder().cacheDir(baked).build().open(byTag);

      registry.stop();

      // A zero TTL makes the tag stale, so the registry is asked first and cannot be reached.
      NativeLoader layered =
          NativeLoader.builder()
              .cacheDir(writable.resolve("cache"))
              .readOnlyCache(baked)
              .tagTtl(Duration.ZERO)
              .build();
      NativePackage stoodIn = layered.open(byTag);
      assertThat(stoodIn.directory()).isEqualTo(bakedPackage.directory());
      assertThat(stoodIn.jna(Demo.class, "ocipkg_demo").demo_add(2, 2)).isEqualTo(4);
    }
  }
}
