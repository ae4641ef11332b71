package dev.ocipkg.testlibs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeTestLibsTest {

  @Test
  void javaSpellsThePlatformAsTheNativeBuildDid() throws Exception {
    // The build names the platform from the C compiler's target, the Java side from os.name and
    // os.arch; the libraries are only found if both spell it the same way.
    String built;
    try (InputStream in = NativeTestLibs.class.getResourceAsStream("platforms.txt")) {
      assertThat(in).isNotNull();
      built = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    assertThat(NativeTestLibs.platform()).isEqualTo(built).matches("[a-z]+/[a-z0-9]+");
  }

  @Test
  void everyThreadGetsTheSameFolder() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Path>> calls =
          IntStream.range(0, 8).<Callable<Path>>mapToObj(i -> NativeTestLibs::directory).toList();
      List<Path> folders = threads.invokeAll(calls).stream().map(NativeTestLibsTest::get).toList();

      assertThat(folders).containsOnly(NativeTestLibs.directory());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void extractsIntoAFreshTemporaryFolder() {
    Path folder = NativeTestLibs.directory();

    assertThat(folder).isAbsolute().isDirectory();
    assertThat(folder.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(folder.getFileName().toString()).startsWith("ocipkg-testlibs");
  }

  @Test
  void everyAccessorNamesARegularFileInTheFolder() {
    for (Path file :
        List.of(
            NativeTestLibs.demo(),
            NativeTestLibs.jniDemo(),
            NativeTestLibs.outer(),
            NativeTestLibs.inner(),
            NativeTestLibs.wrongArchitecture(),
            NativeTestLibs.notElf())) {
      assertThat(file).startsWith(NativeTestLibs.directory());
      assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).as("%s", file).isTrue();
      assertThat(file).isNotEmptyFile();
    }
  }

  @Test
  void recreatesTheVersionedLinkChainOfLibinner() throws Exception {
    Path folder = NativeTestLibs.directory();

    assertThat(Files.readSymbolicLink(folder.resolve("libinner.so.1")))
        .isEqualTo(Path.of("libinner.so.1.0.0"));
    assertThat(Files.readSymbolicLink(folder.resolve("libinner.so")))
        .isEqualTo(Path.of("libinner.so.1"));
    assertThat(folder.resolve("libinner.so").toRealPath())
        .isEqualTo(NativeTestLibs.inner().toRealPath());
  }

  @Test
  void copiesThePackageWithItsLinks(@TempDir Path temp) throws Exception {
    Path target = temp.resolve("package");

    List<Path> copied = NativeTestLibs.copyPackageTo(target);

    assertThat(copied)
        .extracting(path -> path.getFileName().toString())
        .containsExactly(
            "libocipkg_demo.so",
            "libocipkg_jni_demo.so",
            "libouter.so",
            "libinner.so.1.0.0",
            "libinner.so.1",
            "libinner.so");
    assertThat(copied).allSatisfy(path -> assertThat(path.getParent()).isEqualTo(target));
    assertThat(Files.readSymbolicLink(target.resolve("libinner.so.1")))
        .isEqualTo(Path.of("libinner.so.1.0.0"));
    assertThat(target.resolve("libinner.so")).hasSameBinaryContentAs(NativeTestLibs.inner());
    assertThat(target.resolve("libouter.so")).hasSameBinaryContentAs(NativeTestLibs.outer());
  }

  @Test
  void neverReplacesAFileInTheTargetFolder(@TempDir Path target) throws Exception {
    Files.writeString(target.resolve("libouter.so"), "mine");

    assertThatThrownBy(() -> NativeTestLibs.copyPackageTo(target))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("libouter.so");
    assertThat(target.resolve("libouter.so")).hasContent("mine");
  }

  private static Path get(Future<Path> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
