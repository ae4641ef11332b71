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
}
