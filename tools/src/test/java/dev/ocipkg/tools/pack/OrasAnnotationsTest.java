package dev.ocipkg.tools.pack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.testing.OrasFileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers carry ORAS's title "." and unpack "true", so that {@code oras pull --platform P}
 * writes the package's files; the loader extracts exactly what it did before.
 */
class OrasAnnotationsTest {
  @TempDir Path work;

  @Test
  void orasPullWritesThePackageFilesAndTheLoaderExtractsTheSame() throws Exception {
    Path dir = Files.createDirectories(work.resolve("pkg"));
    Files.writeString(dir.resolve("libfoo.so.1"), "library");
    Files.createSymbolicLink(dir.resolve("libfoo.so"), Path.of("libfoo.so.1"));
    Files.createDirectories(dir.resolve("include"));
    Files.writeString(dir.resolve("include/foo.h"), "int foo(void);");
    Path layout = work.resolve("layout");
    PackedImage packed =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                new PackRequest(
                    "1.0",
                    List.of(new PlatformContent(Platform.parse("linux/amd64"), null, List.of(dir))),
                    Map.of()),
                layout);

    JsonNode manifest =
        new ObjectMapper()
            .readTree(
                layout
                    .resolve("blobs/sha256")
                    .resolve(packed.platforms().get(0).manifest().digest().hex())
                    .toFile());
    assertThat(manifest.at("/layers/0/annotations").toString())
        .isEqualTo(
            "{\"io.deis.oras.content.unpack\":\"true\",\"org.opencontainers.image.title\":\".\"}");

    Path out = Files.createDirectories(work.resolve("oras-out"));
    assertThat(OrasFileStore.pull(layout, "1.0", "linux/amd64", out))
        .containsExactly("include/foo.h", "libfoo.so", "libfoo.so.1");
    assertThat(Files.readString(out.resolve("libfoo.so"))).isEqualTo("library");

    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(work.resolve("cache"))
            .platform("linux/amd64")
            .build()
            .open("oci:" + layout + ":1.0");
    assertThat(pkg.files())
        .containsExactlyInAnyOrder(
            Path.of("include/foo.h"), Path.of("libfoo.so"), Path.of("libfoo.so.1"));
    assertThat(Files.isSymbolicLink(pkg.directory().resolve("libfoo.so"))).isTrue();
  }
}
