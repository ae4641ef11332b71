package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache on a noexec mount (a hardened /tmp): the load fails with the cause and the fix, not with
 * the dynamic linker's "failed to map segment". Needs permission to mount a tmpfs (root, as in CI);
 * elsewhere the test is reported as skipped, with the reason.
 */
@Tag("java17")
class NoexecCacheIT {
  @TempDir Path work;
  Path mountPoint;

  @BeforeEach
  void mountNoexecTmpfs() throws Exception {
    mountPoint = Files.createDirectories(work.resolve("noexec"));
    Process mount =
        new ProcessBuilder(
                "mount", "-t", "tmpfs", "-o", "noexec,size=64m", "tmpfs", mountPoint.toString())
            .redirectErrorStream(true)
            .start();
    boolean done = mount.waitFor(30, TimeUnit.SECONDS);
    String output = new String(mount.getInputStream().readAllBytes());
    Assumptions.assumeTrue(
        done && mount.exitValue() == 0, "cannot mount a noexec tmpfs here: " + output);
  }

  @AfterEach
  void unmount() throws Exception {
    // Lazy: the JVM may still hold a descriptor from the failed dlopen.
    new ProcessBuilder("umount", "-l", mountPoint.toString())
        .inheritIO()
        .start()
        .waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  void aCacheOnANoexecMountIsReportedWithTheFix() throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    NativeLoader loader = NativeLoader.builder().cacheDir(mountPoint.resolve("cache")).build();
    NativePackage pkg = loader.open("oci:" + layout.directory() + ":" + DemoArtifact.TAG);

    assertThatThrownBy(() -> pkg.jna(Demo.class, "ocipkg_demo"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("mounted noexec")
        .hasMessageContaining(mountPoint.toString())
        .satisfies(e -> assertThat(((NativeLoadException) e).hint()).contains("ocipkg.cache.dir"));
  }
}
