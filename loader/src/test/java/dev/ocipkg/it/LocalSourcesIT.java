package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.RustOcipkg;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: packages from an OCI layout folder or an oci-archive, no server. */
@Tag("java17")
class LocalSourcesIT {
  @TempDir Path work;
  @TempDir Path cache;

  @Test
  void loadsFromALayoutByTagAndByDigest() throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();

    NativePackage byTag = loader.open("oci:" + layout.directory() + ":" + DemoArtifact.TAG);
    assertThat(byTag.jna(Demo.class, "ocipkg_demo").demo_add(2, 2)).isEqualTo(4);
    assertThat(byTag.digest().toString()).isEqualTo(layout.manifest("linux/amd64").digest());

    NativePackage byDigest = loader.open("oci:" + layout.directory() + "@" + layout.indexDigest());
    assertThat(byDigest.directory()).isEqualTo(byTag.directory());
  }

  @Test
  void loadsFromAnOciArchive() throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    Path archive = work.resolve("demo.tar");
    OciArchives.tar(layout.directory(), archive);

    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(cache)
            .build()
            .open("oci-archive:" + archive + ":" + DemoArtifact.TAG);
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(3, 4)).isEqualTo(7);
  }

  @Test
  void loadsAnArchiveTheRustOcipkgWroteByItsFullRefName() throws Exception {
    // The Rust ocipkg names its one entry of index.json by the full image name.
    Path archive = work.resolve("rust.tar");
    Path lib = NativeTestLibs.demo();
    RustOcipkg.writeArchive(
        archive, "localhost:5000/x:1.0", Map.of("libocipkg_demo.so", Files.readAllBytes(lib)));

    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(cache)
            .build()
            .open("oci-archive:" + archive + ":localhost:5000/x:1.0");
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(5, 6)).isEqualTo(11);
    assertThatThrownBy(
            () ->
                NativeLoader.builder()
                    .cacheDir(cache)
                    .build()
                    .open("oci-archive:" + archive + ":localhost:5000/x:2.0"))
        .hasMessageContaining("[localhost:5000/x:1.0]");
  }

  @Test
  void anUnknownTagNamesTheTagsTheLayoutHas() throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();
    assertThatThrownBy(() -> loader.open("oci:" + layout.directory() + ":2.0"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("tag \"2.0\"")
        .hasMessageContaining("[" + DemoArtifact.TAG + "]");
  }

  @Test
  void aChangedLayoutIsSeenAtOnce() throws Exception {
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();
    WrittenLayout first = DemoArtifact.writeLayout(work);
    String ref = "oci:" + first.directory() + ":" + DemoArtifact.TAG;
    NativePackage before = loader.open(ref);

    // Rewrite the layout with different content under the same tag.
    Path other = Files.createDirectories(work.resolve("other"));
    WrittenLayout second =
        dev.ocipkg.testing.OciLayoutWriter.create()
            .tag(DemoArtifact.TAG)
            .platform(
                "linux/amd64",
                dev.ocipkg.testing.LayerFiles.builder()
                    .executable(
                        "libocipkg_demo.so", Files.readAllBytes(before.library("ocipkg_demo")))
                    .file("NOTICE", "second version")
                    .build())
            .write(other);
    deleteTree(first.directory());
    Files.move(second.directory(), first.directory());
    Thread.sleep(5); // a different modification time even on coarse clocks

    NativePackage after = loader.open(ref);
    assertThat(after.digest()).isNotEqualTo(before.digest());
    assertThat(after.files()).contains(Path.of("NOTICE"));
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
