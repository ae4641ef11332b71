package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed with SIGKILL in the middle of a download leaves a cache the next run can use. */
class KilledDownloadIT {
  private static final int PAYLOAD_BYTES = 24 * 1024 * 1024;

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void theNextRunSucceedsAfterAKillMidDownload(@TempDir Path work, @TempDir Path cache)
      throws Exception {
    byte[] payload = new byte[PAYLOAD_BYTES];
    new Random(42).nextBytes(payload); // incompressible: the layer stays big on the wire
    Path files = Files.createDirectories(work.resolve("files"));
    NativeTestLibs.copyPackageTo(files);
    Files.write(files.resolve("payload.bin"), payload);
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("big")
            .platform("linux/amd64", LayerFiles.fromDirectory(files))
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "big", registry.server(), "acme/big:1");

    try (FaultProxy slow = FaultProxy.inFrontOf(registry.server()).throttle(4L << 20)) {
      Process victim =
          JavaProcesses.start(
              work.resolve("victim.log"),
              LoadMain.class,
              cache.toString(),
              slow.host() + "/acme/big:1");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (slow.bytesDown() < PAYLOAD_BYTES / 3 && System.nanoTime() < deadline) {
        assertThat(victim.isAlive()).as(Files.readString(work.resolve("victim.log"))).isTrue();
        Thread.sleep(20);
      }
      assertThat(tempEntries(cache)).as("a download in progress").isNotEmpty();
      victim.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();

    NativePackage pkg =
        NativeLoader.builder().cacheDir(cache).build().open(registry.reference("acme/big:1"));

    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);
    assertThat(Files.readAllBytes(pkg.directory().resolve("payload.bin"))).isEqualTo(payload);
    assertThat(tempEntries(cache)).as("the dead process's temp files were cleaned").isEmpty();
  }

  /**
   * What is in the cache's {@code tmp/}: a download's {@code .part} files and the folders a package
   * is extracted into as its layers stream (a layer blob is not kept, so no file of it).
   */
  private static java.util.List<Path> tempEntries(Path cache) throws Exception {
    Path tmp = cache.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return java.util.List.of();
    }
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.toList();
    }
  }
}
