package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A blob altered in the registry's own storage is caught by its digest and never cached. */
@Tag("java17")
class CorruptBlobIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void anAlteredLayerIsADigestErrorAndNothingIsCached(@TempDir Path work, @TempDir Path cache)
      throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry.server(), "acme/corrupt", work);
    String layer = layout.manifest("linux/amd64").layerDigest();
    Path stored = registry.server().blobFile(layer);
    byte[] bytes = Files.readAllBytes(stored);
    bytes[bytes.length / 2] ^= 0x01; // same size, one bit different
    Files.write(stored, bytes);

    NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();
    assertThatThrownBy(() -> loader.open(registry.reference("acme/corrupt:" + DemoArtifact.TAG)))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("failed verification")
        .hasMessageContaining("does not match its digest")
        .hasMessageContaining(layer);

    assertThat(Files.exists(cache.resolve("blobs/sha256").resolve(Digest.parse(layer).hex())))
        .isFalse();
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();
    try (Stream<Path> tmp = Files.list(cache.resolve("tmp"))) {
      assertThat(tmp).as("nothing left in progress").isEmpty();
    }
  }
}
