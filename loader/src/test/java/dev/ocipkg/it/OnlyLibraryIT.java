package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library name left out ({@code @NativeImage} without {@code library}, {@code library("")}):
 * the package's only library is found under whatever names it carries, and a package of two
 * libraries says which two and how to name one.
 */
@Tag("java17")
class OnlyLibraryIT {
  @TempDir static Path work;
  @TempDir Path cache;

  @BeforeAll
  static void writeAnnotatedLayout() throws IOException {
    Path layout = Path.of("target/it-layouts/versioned-only");
    if (!Files.exists(layout.resolve("index.json"))) {
      Path files = Files.createDirectories(work.resolve("annotated"));
      Files.copy(NativeTestLibs.demo(), files.resolve("libsodium.so.23.3.0"));
      Files.createSymbolicLink(files.resolve("libsodium.so.23"), Path.of("libsodium.so.23.3.0"));
      Path temp = Files.createTempDirectory(Files.createDirectories(layout.getParent()), "work");
      OciLayoutWriter.create().tag("1.0").platform(NativeTestLibs.platform(), files).write(temp);
      Files.move(temp, layout);
    }
  }

  private NativePackage open(String name, Path files) throws IOException {
    Path layout = work.resolve(name + "-layout");
    OciLayoutWriter.create().tag("1.0").platform(NativeTestLibs.platform(), files).write(layout);
    return NativeLoader.builder().cacheDir(cache).build().open("oci:" + layout + ":1.0");
  }

  @Test
  void anAnnotationWithoutALibraryLoadsAVersionedOnlyLibrary() {
    assertThat(NativeLoader.jna(VersionedOnly.class).demo_add(20, 22)).isEqualTo(42);
  }

  @Test
  void aSonameLinkToItsFileIsOneLibrary() throws IOException {
    Path files = Files.createDirectories(work.resolve("sodium"));
    Files.copy(NativeTestLibs.demo(), files.resolve("libsodium.so.23.3.0"));
    Files.createSymbolicLink(files.resolve("libsodium.so.23"), Path.of("libsodium.so.23.3.0"));

    NativePackage pkg = open("sodium", files);

    assertThat(pkg.library("")).hasFileName("libsodium.so.23");
    assertThat(pkg.jna(Demo.class, "").demo_add(2, 3)).isEqualTo(5);
  }

  @Test
  void aBareVersionedFileIsOneLibrary() throws IOException {
    Path files = Files.createDirectories(work.resolve("bare"));
    Files.copy(NativeTestLibs.demo(), files.resolve("libzmq.so.5.2.4"));

    assertThat(open("bare", files).library("")).hasFileName("libzmq.so.5.2.4");
  }

  @Test
  void aWholeSonameChainIsOneLibrary() throws IOException {
    Path files = Files.createDirectories(work.resolve("chain"));
    Files.copy(NativeTestLibs.inner(), files.resolve("libinner.so.1.0.0"));
    Files.createSymbolicLink(files.resolve("libinner.so.1"), Path.of("libinner.so.1.0.0"));
    Files.createSymbolicLink(files.resolve("libinner.so"), Path.of("libinner.so.1"));

    assertThat(open("chain", files).library("")).hasFileName("libinner.so");
  }

  @Test
  void aLibraryAndItsDependencyAreTwoAndTheErrorSaysHowToNameOne() throws IOException {
    Path files = work.resolve("two");
    NativeTestLibs.copyPackageTo(files);
    Files.delete(files.resolve("libocipkg_demo.so"));
    Files.delete(files.resolve("libocipkg_jni_demo.so"));
    NativePackage pkg = open("two", files);

    assertThatThrownBy(() -> pkg.library(""))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("2 libraries")
        .hasMessageContaining("libinner.so (also libinner.so.1, libinner.so.1.0.0)")
        .hasMessageContaining("libouter.so")
        .hasMessageContaining("library(\"inner\")")
        .hasMessageContaining("\"outer\"");
  }
}
