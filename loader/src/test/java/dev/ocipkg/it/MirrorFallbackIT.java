package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirrors first, then the upstream; when every source fails, one error lists each attempt. */
@Tag("java17")
class MirrorFallbackIT {
  @Test
  void pullsThroughTheMirrorThenFallsBackToTheUpstream(@TempDir Path work) throws Exception {
    try (RegistryServer upstream = RegistryServer.builder().start();
        RegistryServer mirror = RegistryServer.builder().mirrorOf(upstream).start()) {
      WrittenLayout layout = DemoArtifact.push(upstream, "acme/mirrored", work);
      String ref = upstream.reference("acme/mirrored:" + DemoArtifact.TAG);
      String layer = layout.manifest("linux/amd64").layerDigest();

      NativePackage viaMirror =
          NativeLoader.builder()
              .cacheDir(work.resolve("cache-1"))
              .mirror(upstream.host(), mirror.host())
              .build()
              .open(ref);
      assertThat(viaMirror.jna(Demo.class, "ocipkg_demo").demo_add(1, 1)).isEqualTo(2);
      assertThat(mirror.accessLog().blobFetches(layer)).isEqualTo(1);

      mirror.stop();
      upstream.accessLog().clear();
      NativePackage viaUpstream =
          NativeLoader.builder()
              .cacheDir(work.resolve("cache-2"))
              .mirror(upstream.host(), mirror.host())
              .build()
              .open(ref);
      assertThat(viaUpstream.digest()).isEqualTo(viaMirror.digest());
      // The stopped mirror's own storing fetch can be logged after clear(): count the loader's.
      assertThat(upstream.accessLog().blobFetchesNotByMirrors(layer)).isEqualTo(1);

      upstream.stop();
      NativeLoader neither =
          NativeLoader.builder()
              .cacheDir(work.resolve("cache-3"))
              .mirror(upstream.host(), mirror.host())
              .build();
      assertThatThrownBy(() -> neither.open(ref))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("1. mirror " + mirror.host() + " of " + upstream.host())
          .hasMessageContaining("2. " + upstream.host())
          .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
    }
  }
}
