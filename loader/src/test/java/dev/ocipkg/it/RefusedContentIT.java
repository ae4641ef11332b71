package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.MediaTypes;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Sha256;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content that is refused is not downloaded further: a layer whose first entry is refused, or whose
 * files pass the package limit, stops the download where the refusal happens; a config, manifest or
 * layer that declares a size over its cap is refused before a byte of it is read.
 */
@Tag("java17")
class RefusedContentIT {
  private static final int PAYLOAD_BYTES = 16 << 20;
  private static final long THROTTLE = 1L << 20; // draining the payload would take 16 s

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void aLayerWhoseFirstEntryIsRefusedIsNotDownloadedToItsEnd(@TempDir Path work) throws Exception {
    LayerFiles files =
        LayerFiles.builder()
            .file("../x", "escapes") // sorts first: the first entry is the refused one
            .file("payload.bin", incompressible())
            .build();
    String repository = push("refused-first", files, work);
    try (FaultProxy slow = FaultProxy.inFrontOf(registry.server()).throttle(THROTTLE)) {
      NativeLoader loader = NativeLoader.builder().cacheDir(work.resolve("cache")).build();

      assertThatThrownBy(() -> loader.open(slow.reference(repository)))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("unsafe")
          .hasMessageContaining("../x");

      assertThat(slow.bytesDown()).as("bytes sent for the refused layer").isLessThan(4L << 20);
    }
    assertNothingCached(work.resolve("cache"));
  }

  @Test
  void aLayerPastMaxPackageBytesIsNotDownloadedToItsEnd(@TempDir Path work) throws Exception {
    LayerFiles files =
        LayerFiles.builder()
            .file("a-zeros.bin", new byte[2 << 20]) // passes the 1 MiB limit, compresses to 2 KiB
            .file("payload.bin", incompressible())
            .build();
    String repository = push("past-limit", files, work);
    try (FaultProxy slow = FaultProxy.inFrontOf(registry.server()).throttle(THROTTLE)) {
      NativeLoader loader =
          NativeLoader.builder().cacheDir(work.resolve("cache")).maxPackageBytes(1 << 20).build();

      assertThatThrownBy(() -> loader.open(slow.reference(repository)))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("a-zeros.bin")
          .hasMessageContaining("limit");

      assertThat(slow.bytesDown()).as("bytes sent for the refused layer").isLessThan(4L << 20);
    }
    assertNothingCached(work.resolve("cache"));
  }

  @Test
  void aConfigDeclaredOverTheCapIsRefusedBeforeAnyDownload(@TempDir Path work) throws Exception {
    HandWrittenLayout layout = new HandWrittenLayout(work.resolve("layout"));
    String layer = layout.smallLayer();
    String config = layout.sparseBlob(1L << 30);
    layout.writeManifest(config, 1L << 30, layer);
    Path cache = work.resolve("cache");
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();

    assertThatThrownBy(() -> loader.open("oci:" + layout.directory + ":1"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("config")
        .hasMessageContaining("1073741824 bytes")
        .hasMessageContaining("limit of 4194304 bytes");

    assertNothingCached(cache);
  }

  @Test
  void aManifestDeclaredOverTheCapIsRefusedBeforeAnyDownload(@TempDir Path work) throws Exception {
    WrittenLayout written =
        OciLayoutWriter.create()
            .tag("1")
            .platform("linux/amd64", LayerFiles.builder().file("a.txt", "a").build())
            .platform("linux/arm64", LayerFiles.builder().file("a.txt", "a").build())
            .platform("windows/amd64", LayerFiles.builder().file("a.txt", "a").build())
            .write(work.resolve("layout"));
    // The index as a hostile source would serve it: the chosen manifest declared at 64 MiB.
    String index = new String(written.rootBytes(), StandardCharsets.UTF_8);
    String amd64 = written.manifest("linux/amd64").digest();
    String declared =
        index.replace(
            "\"digest\":\"" + amd64 + "\",\"size\":" + written.manifest("linux/amd64").size(),
            "\"digest\":\"" + amd64 + "\",\"size\":" + (64 << 20));
    assertThat(declared).isNotEqualTo(index);
    HandWrittenLayout layout = new HandWrittenLayout(written.directory());
    layout.writeIndex(layout.blob(declared.getBytes(StandardCharsets.UTF_8)), MediaTypes.OCI_INDEX);
    Path cache = work.resolve("cache");
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).platform("linux/amd64").build();

    assertThatThrownBy(() -> loader.open("oci:" + layout.directory + ":1"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("manifest")
        .hasMessageContaining(64 * 1024 * 1024 + " bytes")
        .hasMessageContaining("limit of 4194304 bytes");

    assertNothingCached(cache);
  }

  @Test
  void aLayerLargerThanAnyPackageCouldNeedIsRefusedBeforeAnyDownload(@TempDir Path work)
      throws Exception {
    HandWrittenLayout layout = new HandWrittenLayout(work.resolve("layout"));
    String layer = layout.sparseBlob(64L << 20);
    String config = layout.blob("{}".getBytes(StandardCharsets.UTF_8));
    layout.writeManifest(config, 2, layer);
    Path cache = work.resolve("cache");
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).maxPackageBytes(1 << 20).build();

    assertThatThrownBy(() -> loader.open("oci:" + layout.directory + ":1"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("layer " + layer)
        .hasMessageContaining(64 * 1024 * 1024 + " bytes")
        .hasMessageContaining("maxPackageBytes");

    assertNothingCached(cache);
  }

  private static byte[] incompressible() {
    byte[] payload = new byte[PAYLOAD_BYTES];
    new Random(4).nextBytes(payload);
    return payload;
  }

  private static String push(String name, LayerFiles files, Path work) throws Exception {
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1")
            .platform("linux/amd64", files)
            .write(work.resolve("layout"));
    String repository = "acme/" + name + ":1";
    Skopeo.locate().copyAll(layout.directory(), "1", registry.server(), repository);
    return repository;
  }

  private static void assertNothingCached(Path cache) throws Exception {
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();
    Path tmp = cache.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).as("work in progress left behind").isEmpty();
      }
    }
  }

  /** An OCI layout written blob by blob, for manifests that no honest writer produces. */
  private static final class HandWrittenLayout {
    final Path directory;
    final Path blobs;

    HandWrittenLayout(Path directory) throws Exception {
      this.directory = directory;
      this.blobs = Files.createDirectories(directory.resolve("blobs/sha256"));
      Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    String blob(byte[] content) throws Exception {
      String digest = Sha256.digest(content);
      Files.write(blobs.resolve(digest.substring("sha256:".length())), content);
      return digest;
    }

    /** A sparse file of {@code size} zero bytes, named by a digest it does not have. */
    String sparseBlob(long size) throws Exception {
      String digest = Sha256.digest(("sparse " + size).getBytes(StandardCharsets.UTF_8));
      try (RandomAccessFile file =
          new RandomAccessFile(blobs.resolve(digest.substring(7)).toFile(), "rw")) {
        file.setLength(size);
      }
      return digest;
    }

    String smallLayer() throws Exception {
      WrittenLayout small =
          OciLayoutWriter.create()
              .tag("small")
              .platform("linux/amd64", LayerFiles.builder().file("a.txt", "a").build())
              .write(directory.resolveSibling("small"));
      return blob(small.manifest("linux/amd64").layerBytes());
    }

    void writeManifest(String config, long configSize, String layer) throws Exception {
      long layerSize = Files.size(blobs.resolve(layer.substring(7)));
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\""
              + MediaTypes.OCI_MANIFEST
              + "\",\"config\":{\"mediaType\":\""
              + MediaTypes.OCI_IMAGE_CONFIG
              + "\",\"digest\":\""
              + config
              + "\",\"size\":"
              + configSize
              + "},\"layers\":[{\"mediaType\":\""
              + MediaTypes.OCI_LAYER_TAR_GZIP
              + "\",\"digest\":\""
              + layer
              + "\",\"size\":"
              + layerSize
              + "}]}";
      writeIndex(blob(manifest.getBytes(StandardCharsets.UTF_8)), MediaTypes.OCI_MANIFEST);
    }

    void writeIndex(String root, String mediaType) throws Exception {
      long size = Files.size(blobs.resolve(root.substring(7)));
      Files.writeString(
          directory.resolve("index.json"),
          "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
              + mediaType
              + "\",\"digest\":\""
              + root
              + "\",\"size\":"
              + size
              + ",\"annotations\":{\""
              + MediaTypes.REF_NAME_ANNOTATION
              + "\":\"1\"}}]}");
    }
  }
}
