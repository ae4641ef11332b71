package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.testing.Fault;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RecordedRequest;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.tools.registry.RegistryClient;
import dev.ocipkg.tools.transfer.LayoutPusher;
import dev.ocipkg.tools.transfer.PushReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package of four layers from the real registry: the later layers download while the first is
 * extracted, yet the package is the one that layer-by-layer extraction makes (replacements and
 * whiteouts in manifest order), each blob is fetched once, and a failure leaves nothing behind.
 */
class MultiLayerPullIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  private static final String REPOSITORY = "acme/layered";
  private static final int LAYER_BYTES = 3 << 20;
  private static final String[] NAMES = {"zero", "one", "two", "three"};

  static WrittenLayout layout;
  static List<String> layerDigests;

  @BeforeAll
  static void push(@TempDir Path work) throws IOException {
    layout =
        OciLayoutWriter.create()
            .tag("1")
            .platformLayers(
                "linux/amd64",
                List.of(
                    LayerFiles.builder()
                        .file("lib/version.txt", "1")
                        .file("lib/obsolete.txt", "removed by layer 2")
                        .file("data/zero.bin", noise(0))
                        .build(),
                    LayerFiles.builder()
                        .file("lib/version.txt", "2")
                        .file("data/one.bin", noise(1))
                        .build(),
                    LayerFiles.builder()
                        .file("lib/.wh.obsolete.txt", "")
                        .file("data/two.bin", noise(2))
                        .build(),
                    LayerFiles.builder()
                        .file("data/three.bin", noise(3))
                        .symlink("lib/current", "version.txt")
                        .build()))
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "1", registry.server(), REPOSITORY + ":1");
    layerDigests = layout.manifest("linux/amd64").layerDigests();
  }

  @Test
  void parallelDownloadsBuildTheSamePackageAsOneLayerAfterTheOther(
      @TempDir Path parallelCache, @TempDir Path serialCache) throws IOException {
    registry.server().accessLog().clear();
    NativePackage parallel;
    // Throttled, so that each layer takes long enough for the downloads to overlap however late a
    // loaded machine starts the threads of the later ones.
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server()).throttle(2L << 20)) {
      parallel =
          NativeLoader.builder()
              .cacheDir(parallelCache)
              .parallelDownloads(4)
              .build()
              .open(proxy.reference(REPOSITORY + ":1"));
      assertThat(
              proxy.requests("GET", ".*/blobs/sha256:.*").stream()
                  .map(request -> request.connection())
                  .distinct()
                  .count())
          .as("layers downloaded at once, on connections of their own")
          .isGreaterThanOrEqualTo(3);
    }
    for (String layer : layerDigests) {
      assertThat(registry.server().accessLog().blobFetches(layer)).as(layer).isEqualTo(1);
    }
    NativePackage serial =
        NativeLoader.builder()
            .cacheDir(serialCache)
            .parallelDownloads(1)
            .build()
            .open(registry.reference(REPOSITORY + ":1"));

    Map<String, String> tree = describe(parallel.directory());
    assertThat(tree).isEqualTo(describe(serial.directory()));
    assertThat(tree)
        .containsEntry("lib/version.txt", "file 2")
        .containsEntry("lib/current", "link version.txt")
        .doesNotContainKey("lib/obsolete.txt")
        .doesNotContainKey("lib/.wh.obsolete.txt")
        .containsKeys("data/zero.bin", "data/one.bin", "data/two.bin", "data/three.bin");
    assertThat(Files.readAllBytes(parallel.directory().resolve("data/three.bin")))
        .isEqualTo(noise(3));
    for (String layer : layerDigests) {
      assertThat(blob(parallelCache, layer)).as("layer blob not kept: " + layer).doesNotExist();
    }
    assertThat(blob(parallelCache, layout.manifest("linux/amd64").configDigest()))
        .as("the config is kept")
        .exists();
    assertThat(registry.server().accessLog().blobFetches(layerDigests.get(0))).isEqualTo(2);
  }

  @Test
  void aLaterLayerThatFailsVerificationFailsThePullAndLeavesNoPackage(@TempDir Path cache)
      throws IOException {
    String bad = layerDigests.get(2);
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.flipByte(LAYER_BYTES / 2).on("GET", ".*/blobs/" + bad).always());
      NativeLoader loader = NativeLoader.builder().cacheDir(cache).retries(0).build();

      assertThatThrownBy(() -> loader.open(proxy.reference(REPOSITORY + ":1")))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("failed verification")
          .hasMessageContaining("does not match its digest")
          .hasMessageContaining(bad);
    }
    assertThat(blob(cache, bad)).doesNotExist();
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();
    assertNothingInProgress(cache);
  }

  @Test
  void aFailedFirstLayerCancelsTheDownloadsBehindItAndLeavesNoTempFile(@TempDir Path cache)
      throws IOException {
    String first = layerDigests.get(0);
    // So slow that the later layers cannot finish before the first one's failure cancels them.
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server()).throttle(256 << 10)) {
      proxy.rule(Fault.status(404).on("GET", ".*/blobs/" + first).always());
      NativeLoader loader = NativeLoader.builder().cacheDir(cache).retries(0).build();

      assertThatThrownBy(() -> loader.open(proxy.reference(REPOSITORY + ":1")))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining(first);
    }
    for (String layer : layerDigests) {
      assertThat(blob(cache, layer)).as("cancelled, not finished: " + layer).doesNotExist();
    }
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();
    assertNothingInProgress(cache);
  }

  @Test
  void anOciArchiveServesSeveralLayersAtOnce(@TempDir Path work, @TempDir Path cache)
      throws IOException {
    Path archive = work.resolve("layered.tar");
    OciArchives.tar(layout.directory(), archive);

    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(cache)
            .parallelDownloads(4)
            .build()
            .open("oci-archive:" + archive + ":1");

    assertThat(describe(pkg.directory())).containsEntry("lib/version.txt", "file 2");
    for (int i = 0; i < 4; i++) {
      assertThat(Files.readAllBytes(pkg.directory().resolve("data/" + NAMES[i] + ".bin")))
          .isEqualTo(noise(i));
    }
  }

  @Test
  void layerBlobsAnOlderVersionKeptInTheStoreAreExtractedFromItAndNotFetched(
      @TempDir Path firstCache, @TempDir Path cache) throws IOException {
    Path first = pulledInto(firstCache);
    for (String layer : layerDigests.subList(1, 4)) {
      Files.createDirectories(blob(cache, layer).getParent());
      Files.copy(blob(layout.directory(), layer), blob(cache, layer));
    }
    registry.server().accessLog().clear();

    Path again = pulledInto(cache);

    assertThat(describe(again)).isEqualTo(describe(first));
    assertThat(registry.server().accessLog().blobFetches(layerDigests.get(0))).isEqualTo(1);
    for (String layer : layerDigests.subList(1, 4)) {
      assertThat(registry.server().accessLog().blobFetches(layer)).as(layer).isZero();
    }
  }

  @Test
  void aPushUploadsSeveralLayersAtOnceAndTheIndexLast(@TempDir Path cache) throws IOException {
    PushReport report;
    // Throttled, so that each upload takes long enough for them to overlap.
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server()).throttle(8L << 20)) {
      report =
          new LayoutPusher(new RegistryClient(LoaderConfig.builder().build()), 0)
              .push(
                  layout.directory(),
                  "1",
                  new Repository(proxy.host(), "acme/pushed"),
                  List.of("1"),
                  null);
      List<RecordedRequest> puts = proxy.requests("PUT", ".*/blobs/uploads/.*");
      assertThat(puts).hasSize(5); // 4 layers and the config
      assertThat(puts.stream().map(RecordedRequest::connection).distinct().count())
          .as("uploads at once, on connections of their own")
          .isGreaterThanOrEqualTo(2);
      List<RecordedRequest> manifests = proxy.requests("PUT", ".*/manifests/.*");
      assertThat(manifests.get(manifests.size() - 2).path())
          .as("the index after its manifest, then the tag")
          .endsWith("/manifests/" + layout.rootDigest());
    }
    assertThat(report.uploaded()).hasSize(5);

    Path pushed =
        NativeLoader.builder()
            .cacheDir(cache)
            .build()
            .open(registry.reference("acme/pushed:1"))
            .directory();
    assertThat(describe(pushed)).containsEntry("lib/version.txt", "file 2");
  }

  /** The package directory of the registry's image, pulled with default settings. */
  private static Path pulledInto(Path cache) {
    return NativeLoader.builder()
        .cacheDir(cache)
        .build()
        .open(registry.reference(REPOSITORY + ":1"))
        .directory();
  }

  private static void assertNothingInProgress(Path cache) throws IOException {
    Path tmp = cache.resolve("tmp");
    if (Files.exists(tmp)) {
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).as("nothing left in progress").isEmpty();
      }
    }
  }

  private static Path blob(Path cache, String digest) {
    return cache.resolve("blobs/sha256").resolve(Digest.parse(digest).hex());
  }

  /**
   * Each path under {@code root}: "file CONTENT" (text files), "file N bytes", or "link TARGET".
   */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        String name = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          tree.put(name, "link " + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p)) {
          byte[] bytes = Files.readAllBytes(p);
          tree.put(
              name,
              name.endsWith(".txt")
                  ? "file " + new String(bytes, StandardCharsets.UTF_8)
                  : "file " + bytes.length + " bytes " + Arrays.hashCode(bytes));
        }
      }
    }
    return tree;
  }

  private static byte[] noise(int seed) {
    byte[] bytes = new byte[LAYER_BYTES];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
