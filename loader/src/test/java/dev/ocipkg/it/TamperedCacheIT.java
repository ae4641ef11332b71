package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testing.WrittenManifest;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache changed by someone who can write it: what the store reads is checked first, so a planted
 * link is never followed, a planted FIFO never opened (which would hang the load) and a planted
 * blob never extracted unverified.
 */
@Tag("java17")
class TamperedCacheIT {
  private static final Duration HANG = Duration.ofSeconds(30);

  @TempDir Path work;
  private Path cache;
  private WrittenLayout layout;
  private String ref;

  @BeforeEach
  void layout() throws Exception {
    cache = work.resolve("cache");
    layout =
        OciLayoutWriter.create()
            .tag("1")
            .platform("linux/amd64", LayerFiles.builder().file("lib/libdemo.so", "genuine").build())
            .write(work.resolve("layout"));
    ref = "oci:" + layout.directory() + ":1";
  }

  @Test
  void aLinkPlantedAsAPackageIsNotFollowed() throws Exception {
    NativePackage loaded = load();
    Path pkg = loaded.directory();
    Path outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(outside.resolve("planted"), "planted");
    deleteTree(pkg);
    Files.createSymbolicLink(pkg, outside);

    assertThatThrownBy(this::load)
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining(pkg.toString())
        .hasMessageContaining("is a symbolic link")
        .hasMessageContaining("Remove " + pkg);
    assertThat(outside.resolve("planted")).hasContent("planted");
  }

  @Test
  void aBlobPlantedInTheStoreIsVerifiedBeforeItIsExtracted() throws Exception {
    NativePackage loaded = load();
    WrittenManifest amd64 = layout.manifest("linux/amd64");
    Path blob = cache.resolve("blobs/sha256").resolve(hex(amd64.layerDigest()));
    assertThat(blob).as("layer blobs are not kept").doesNotExist();
    // The package removed (as by gc), a layer blob planted where an older version kept it: the
    // layer's name, other bytes.
    deleteTree(loaded.directory());
    byte[] evil =
        OciLayoutWriter.create()
            .tag("evil")
            .platform("linux/amd64", LayerFiles.builder().file("lib/libdemo.so", "planted").build())
            .write(work.resolve("evil"))
            .manifest("linux/amd64")
            .layerBytes();
    Files.write(blob, evil);

    NativePackage again = load();

    assertThat(again.directory().resolve("lib/libdemo.so")).hasContent("genuine");
    assertThat(blob).as("the bad blob was removed").doesNotExist();
  }

  @Test
  void aFifoPlantedAsALockFileFailsTheLoadInsteadOfHangingIt() throws Exception {
    String manifest = layout.manifest("linux/amd64").digest();
    Path lockFile =
        Files.createDirectories(cache.resolve("locks"))
            .resolve("package-" + hex(manifest) + ".lock");
    mkfifo(lockFile);

    Throwable failure = withoutHanging(this::load, lockFile);

    assertThat(failure)
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining(lockFile.toString())
        .hasMessageContaining("FIFO");
  }

  @Test
  void aFifoPlantedAsARecordIsIgnoredAndReplaced() throws Exception {
    load();
    Path record;
    try (Stream<Path> records = Files.list(cache.resolve("refs"))) {
      List<Path> all = records.filter(p -> p.toString().endsWith(".ref")).toList();
      assertThat(all).hasSize(1);
      record = all.get(0);
    }
    Files.delete(record);
    mkfifo(record);

    Throwable failure = withoutHanging(this::load, record);

    assertThat(failure).isNull();
    assertThat(Files.isRegularFile(record)).as("the record written again").isTrue();
  }

  private NativePackage load() {
    return NativeLoader.builder().cacheDir(cache).platform("linux/amd64").build().open(ref);
  }

  /** What {@code load} threw (null if nothing), failing if it blocks on {@code fifo}. */
  private static Throwable withoutHanging(Callable<?> load, Path fifo) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> result = thread.submit(load);
      try {
        result.get(HANG.toSeconds(), TimeUnit.SECONDS);
        return null;
      } catch (java.util.concurrent.ExecutionException e) {
        return e.getCause();
      } catch (TimeoutException e) {
        // Open the other end, so the blocked open returns and the thread ends.
        try (RandomAccessFile unblock = new RandomAccessFile(fifo.toFile(), "rw")) {
          throw new AssertionError("the load hung on the FIFO " + fifo, e);
        }
      }
    } finally {
      thread.shutdownNow();
    }
  }

  private static void mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(p.waitFor()).as("mkfifo " + path).isZero();
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}
