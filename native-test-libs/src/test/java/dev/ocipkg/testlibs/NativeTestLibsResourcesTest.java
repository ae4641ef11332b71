package dev.ocipkg.testlibs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link NativeTestLibs} says when its resources are not what the build makes: each case runs
 * a copy of the class in its own class loader, over a class path that holds the resources of that
 * case only.
 */
class NativeTestLibsResourcesTest {

  @TempDir Path classes;

  @Test
  void namesTheHostAndTheBuiltPlatformWhenTheyDiffer() throws Exception {
    Path resources = copyClasses();
    Files.writeString(resources.resolve("platforms.txt"), "linux/s390x\n");

    assertThatThrownBy(this::directoryInOwnClassLoader)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No native test libraries for " + NativeTestLibs.platform())
        .hasMessageContaining("holds linux/s390x only");
  }

  @Test
  void saysHowToBuildWhenThereAreNoLibrariesAtAll() throws Exception {
    copyClasses();

    assertThatThrownBy(this::directoryInOwnClassLoader)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mvn -pl native-test-libs process-classes");
  }

  @Test
  void refusesAnIndexLinkThatLeavesTheFolder() throws Exception {
    writeIndex("link libinner.so.1 -> ../../etc/passwd");

    assertThatThrownBy(this::directoryInOwnClassLoader)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside the folder")
        .hasMessageContaining("../../etc/passwd");
  }

  @Test
  void refusesAMalformedIndexLine() throws Exception {
    writeIndex("libouter.so");

    assertThatThrownBy(this::directoryInOwnClassLoader)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Malformed line")
        .hasMessageContaining("'libouter.so'");
  }

  @Test
  void namesAFileThatTheIndexListsButTheClassPathLacks() throws Exception {
    writeIndex("file libmissing.so");

    assertThatThrownBy(this::directoryInOwnClassLoader)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lists libmissing.so, which is missing");
  }

  private void writeIndex(String line) throws Exception {
    Path platform = copyClasses().resolve(NativeTestLibs.platform().replace('/', '-'));
    Files.createDirectories(platform);
    Files.writeString(platform.resolve("files.txt"), "# a test index\n" + line + "\n");
  }

  /** Copies the compiled classes of the package, without any resource, into the class path. */
  private Path copyClasses() throws Exception {
    Path source =
        Path.of(NativeTestLibs.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/ocipkg/testlibs");
    Path target = Files.createDirectories(classes.resolve("dev/ocipkg/testlibs"));
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  private void directoryInOwnClassLoader() throws Throwable {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> type = Class.forName(NativeTestLibs.class.getName(), true, loader);
      type.getMethod("directory").invoke(null);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
