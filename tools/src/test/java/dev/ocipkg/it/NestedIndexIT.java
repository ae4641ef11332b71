package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import dev.ocipkg.tools.ToolSettings;
import dev.ocipkg.tools.transfer.FolderPuller;
import dev.ocipkg.tools.transfer.ImageSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index nested in an index, which the image spec says implementations SHOULD follow, pushed by
 * skopeo to a real registry; and a miss against a huge index, whose message stays readable.
 */
@Tag("java17")
class NestedIndexIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir static Path work;
  static WrittenLayout layout;
  static String nested;

  @TempDir Path cache;

  @BeforeAll
  static void push() throws Exception {
    Path files = work.resolve("files");
    NativeTestLibs.copyPackageTo(files);
    layout =
        OciLayoutWriter.create()
            .tag("inner")
            .platform("linux/amd64", files)
            .platform("linux/arm64", files)
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "inner", registry.server(), "acme/nested:inner");
    IndexRewrites.putIndex(
        registry.baseUri(),
        "acme/nested",
        "1.0",
        layout.directory(),
        IndexRewrites.nest(layout, 1));
    nested = registry.reference("acme/nested:1.0");
  }

  private NativeLoader loader(String platform) {
    return NativeLoader.builder().cacheDir(cache).platform(platform).build();
  }

  @Test
  void anIndexInAnIndexIsFollowed() {
    NativePackage pkg = loader("linux/amd64").open(nested);

    assertThat(pkg.digest().toString()).isEqualTo(layout.manifest("linux/amd64").digest());
    assertThat(pkg.platform()).isEqualTo(Platform.parse("linux/amd64"));
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);
  }

  @Test
  void aMissNamesThePlatformsOfTheNestedIndex() {
    assertThatThrownBy(() -> loader("freebsd/riscv64").open(nested))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("offers linux/amd64, linux/arm64")
        .hasMessageContaining("ocipkg.platform")
        .hasMessageContaining("--platform");
  }

  @Test
  void pullingAllPlatformsWritesEachPlatformOfTheNestedIndex() throws Exception {
    ToolSettings settings = new ToolSettings(cache, List.of(), null);
    FolderPuller puller =
        new FolderPuller(
            settings, new ImageSources(settings.loaderConfig(null)), TransferListener.NONE);
    Path target = work.resolve("all-" + System.nanoTime());

    List<String> labels = new ArrayList<>();
    for (FolderPuller.Pulled pulled : puller.pullAll(ImageReference.parse(nested), target)) {
      labels.add(pulled.label());
    }

    assertThat(labels).containsExactly("linux/amd64", "linux/arm64");
    assertThat(target.resolve("linux-arm64/libocipkg_demo.so")).isRegularFile();
  }

  @Test
  void nestingDeeperThanFourIsRefusedClearly() throws Exception {
    IndexRewrites.tag(layout.directory(), "deep", IndexRewrites.nest(layout, 6));

    assertThatThrownBy(() -> loader("linux/amd64").open("oci:" + layout.directory() + ":deep"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("nested")
        .hasMessageContaining("4");
  }

  @Test
  void aMissAgainstAHugeIndexListsTwentyAndEscapesWhatItQuotes() throws Exception {
    List<IndexRewrites.Entry> entries = new ArrayList<>();
    entries.add(
        new IndexRewrites.Entry(
            "application/vnd.oci.image.manifest.v1+json",
            layout.manifest("linux/amd64").digest(),
            1,
            "linux/evil\u001b[2J"));
    for (int i = 0; i < 19_000; i++) {
      entries.add(
          new IndexRewrites.Entry(
              "application/vnd.oci.image.manifest.v1+json",
              layout.manifest("linux/amd64").digest(),
              1,
              "linux/arch" + i));
    }
    Path huge = Files.createDirectories(work.resolve("huge"));
    Files.createDirectories(huge.resolve("blobs/sha256"));
    Files.writeString(huge.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    IndexRewrites.tag(
        huge, "1.0", IndexRewrites.writeIndex(huge, entries.toArray(IndexRewrites.Entry[]::new)));

    assertThatThrownBy(() -> loader("freebsd/riscv64").open("oci:" + huge + ":1.0"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("linux/arch18")
        .hasMessageContaining("and 18981 more")
        .hasMessageContaining("\\u001b")
        .hasMessageNotContaining("\u001b")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2_000));
  }
}
