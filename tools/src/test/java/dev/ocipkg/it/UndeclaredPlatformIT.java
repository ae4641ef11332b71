package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.testing.ManifestForm;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import dev.ocipkg.tools.ToolSettings;
import dev.ocipkg.tools.transfer.FolderPuller;
import dev.ocipkg.tools.transfer.ImageSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests that name no platform where the index would (every form the Rust ocipkg writes): the
 * platform comes from an image config where there is one, and is reported as unknown (null) where
 * the artifact says nothing. Pushed by skopeo to a real registry.
 */
@Tag("java17")
class UndeclaredPlatformIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir static Path work;
  static Path files;
  static WrittenLayout images;

  @TempDir Path cache;

  @BeforeAll
  static void push() throws Exception {
    files = work.resolve("files");
    NativeTestLibs.copyPackageTo(files);
    Skopeo skopeo = Skopeo.locate();

    WrittenLayout bareImage =
        OciLayoutWriter.create()
            .tag("1.0")
            .form(ManifestForm.OCI_IMAGE)
            .platform("linux/amd64", files)
            .withoutIndex()
            .write(work.resolve("bare-image"));
    skopeo.copyAll(bareImage.directory(), "1.0", registry.server(), "acme/bare-image:1.0");

    WrittenLayout bareOcipkg =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform("linux/amd64", files)
            .withoutIndex()
            .write(work.resolve("bare-ocipkg"));
    skopeo.copyAll(bareOcipkg.directory(), "1.0", registry.server(), "acme/bare-ocipkg:1.0");

    images =
        OciLayoutWriter.create()
            .tag("platformed")
            .form(ManifestForm.OCI_IMAGE)
            .platform("linux/arm64", files)
            .platform("linux/amd64", files)
            .write(work.resolve("images"));
    IndexRewrites.tag(
        images.directory(),
        "1.0",
        IndexRewrites.writeIndex(images.directory(), IndexRewrites.withoutPlatforms(images)));
    skopeo.copyAll(images.directory(), "1.0", registry.server(), "acme/no-platforms:1.0");
  }

  private NativeLoader loader(String platform) {
    return NativeLoader.builder().cacheDir(cache).platform(platform).build();
  }

  @Test
  void aBareImageManifestReportsThePlatformOfItsConfig() {
    NativePackage pkg = loader("linux/amd64").open(registry.reference("acme/bare-image:1.0"));

    assertThat(pkg.platform()).isEqualTo(Platform.parse("linux/amd64"));
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(1, 2)).isEqualTo(3);
  }

  @Test
  void aBareImageManifestForAnotherPlatformIsAClearMiss() {
    assertThatThrownBy(() -> loader("linux/arm64").open(registry.reference("acme/bare-image:1.0")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("no package for linux/arm64")
        .hasMessageContaining("linux/amd64");
    assertThat(cache.resolve("packages")).doesNotExist();
  }

  @Test
  void aBareOcipkgManifestSaysNothingAndItsPlatformIsUnknown() {
    NativeLoader loader = loader("linux/amd64");
    String ref = registry.reference("acme/bare-ocipkg:1.0");

    NativePackage pkg = loader.open(ref);
    assertThat(pkg.platform()).isNull();
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(1, 2)).isEqualTo(3);
    // The warm path, from the resolution record, says the same.
    assertThat(loader.open(ref).platform()).isNull();
  }

  @Test
  void entriesWithoutAPlatformAreChosenByTheirConfigs() {
    NativePackage pkg = loader("linux/amd64").open(registry.reference("acme/no-platforms:1.0"));

    assertThat(pkg.digest().toString()).isEqualTo(images.manifest("linux/amd64").digest());
    assertThat(pkg.platform()).isEqualTo(Platform.parse("linux/amd64"));
  }

  @Test
  void entriesWithoutAPlatformWhoseConfigsSayOtherwiseAreAClearMiss() {
    assertThatThrownBy(
            () -> loader("linux/riscv64").open(registry.reference("acme/no-platforms:1.0")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("no package for linux/riscv64")
        .hasMessageContaining("linux/arm64, linux/amd64");
  }

  @Test
  void pullingAllPlatformsLabelsEntriesWithoutAPlatformByTheirConfigs() throws Exception {
    ToolSettings settings = new ToolSettings(cache, List.of(), null);
    FolderPuller puller =
        new FolderPuller(
            settings, new ImageSources(settings.loaderConfig(null)), TransferListener.NONE);

    List<String> labels = new ArrayList<>();
    for (FolderPuller.Pulled pulled :
        puller.pullAll(ImageReference.parse(registry.reference("acme/no-platforms:1.0")), null)) {
      labels.add(pulled.label());
    }

    assertThat(labels).containsExactly("linux/arm64", "linux/amd64");
  }
}
