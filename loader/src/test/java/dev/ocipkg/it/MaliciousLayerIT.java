package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile layers served by a real registry: each is refused with the entry named, and nothing is
 * written outside the package folder.
 */
@Tag("java17")
class MaliciousLayerIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  static Stream<Arguments> hostileLayers() {
    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("parent", LayerFiles.builder().file("../x", ok).build(), "../x"),
        Arguments.of(
            "absolute",
            LayerFiles.builder().file("/tmp/ocipkg-evil-x", ok).build(),
            "/tmp/ocipkg-evil-x"),
        Arguments.of(
            "symlink", LayerFiles.builder().symlink("evil", "/etc/passwd").build(), "evil"),
        Arguments.of(
            "chain",
            LayerFiles.builder().symlink("a", "b").symlink("b", "../../outside").build(),
            "b"),
        Arguments.of(
            "through-link", LayerFiles.builder().symlink("d", "..").file("d/x", ok).build(), "d"),
        Arguments.of(
            "hardlink", LayerFiles.builder().hardlink("h", "../../etc/passwd").build(), "h"),
        Arguments.of("device", LayerFiles.builder().characterDevice("null").build(), "null"),
        Arguments.of("fifo", LayerFiles.builder().fifo("pipe").build(), "pipe"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileLayers")
  void isRefusedWithTheEntryNamed(String name, LayerFiles files, String entry, @TempDir Path work)
      throws Exception {
    Path cache = Files.createDirectories(work.resolve("cache"));
    String ref = push(name, files, work);
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();

    assertThatThrownBy(() -> loader.open(ref))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("unsafe")
        .hasMessageContaining(entry);

    assertNothingEscaped(work, cache);
    assertThat(Files.exists(Path.of("/tmp/ocipkg-evil-x"))).isFalse();
  }

  @ParameterizedTest(name = "bomb")
  @MethodSource("bomb")
  void aDecompressionBombStopsAtTheLimit(LayerFiles files, @TempDir Path work) throws Exception {
    Path cache = Files.createDirectories(work.resolve("cache"));
    String ref = push("bomb", files, work);
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).maxPackageBytes(8L << 20).build();

    assertThatThrownBy(() -> loader.open(ref))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("limit");

    assertNothingEscaped(work, cache);
  }

  static Stream<Arguments> bomb() {
    // 64 MiB of zeros compresses to about 64 KiB.
    return Stream.of(
        Arguments.of(LayerFiles.builder().file("zeros.bin", new byte[64 << 20]).build()));
  }

  private static String push(String name, LayerFiles files, Path work) throws Exception {
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1")
            .platform("linux/amd64", files)
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "1", registry.server(), "acme/evil-" + name + ":1");
    return registry.reference("acme/evil-" + name + ":1");
  }

  private static void assertNothingEscaped(Path work, Path cache) throws Exception {
    try (Stream<Path> walk = Files.walk(work)) {
      List<String> names =
          walk.filter(p -> !p.startsWith(work.resolve("layout")))
              .map(p -> p.getFileName().toString())
              .toList();
      assertThat(names).doesNotContain("x", "outside", "evil", "h", "zeros.bin", "null", "pipe");
    }
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();
    Path tmp = cache.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).isEmpty();
      }
    }
  }
}
