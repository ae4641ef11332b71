package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.AccessLog;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testing.WrittenManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The same reference loaded at once by many threads and many JVMs: one download per blob. */
@Tag("java17")
class ConcurrentLoadIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir static Path work;
  static WrittenLayout layout;

  @BeforeAll
  static void push() throws Exception {
    layout = DemoArtifact.push(registry.server(), "acme/concurrent", work);
  }

  @Test
  void eightThreadsWithAnEmptyCacheAllSucceedAndEachBlobIsFetchedOnce(@TempDir Path cache)
      throws Exception {
    registry.accessLog().clear();
    String ref = registry.reference("acme/concurrent:" + DemoArtifact.TAG);
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<Path> load =
            () -> {
              start.await();
              NativePackage pkg = loader.open(ref);
              assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);
              return pkg.directory();
            };
        results.add(pool.submit(load));
      }
      start.countDown();
      List<Path> dirs = new ArrayList<>();
      for (Future<Path> f : results) {
        dirs.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(dirs).containsOnly(dirs.get(0));
    } finally {
      pool.shutdownNow();
    }
    assertEachBlobFetchedOnce(registry.accessLog());
  }

  @Test
  void fourJvmsWithAnEmptyCacheAllSucceedAndEachBlobIsFetchedOnce(@TempDir Path cache)
      throws Exception {
    registry.accessLog().clear();
    String ref = registry.reference("acme/concurrent:" + DemoArtifact.TAG);
    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path output = work.resolve("jvm-" + i + ".log");
      outputs.add(output);
      processes.add(JavaProcesses.start(output, LoadMain.class, cache.toString(), ref));
    }
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("JVM %s finished", i).isTrue();
      assertThat(p.exitValue()).as("JVM %s: %s", i, Files.readString(outputs.get(i))).isZero();
      assertThat(Files.readString(outputs.get(i))).contains("loaded " + cache);
    }
    assertEachBlobFetchedOnce(registry.accessLog());
    try (var tmp = Files.list(cache.resolve("tmp"))) {
      assertThat(tmp).as("work in progress left behind").isEmpty();
    }
  }

  private static void assertEachBlobFetchedOnce(AccessLog log) {
    WrittenManifest amd64 = layout.manifest("linux/amd64");
    assertThat(log.blobFetches(amd64.layerDigest())).as(log.describe()).isEqualTo(1);
    assertThat(log.blobFetches(amd64.configDigest())).as(log.describe()).isEqualTo(1);
    for (WrittenManifest other : layout.manifests()) {
      if (other != amd64) {
        assertThat(log.blobFetches(other.layerDigest())).isZero();
      }
    }
  }
}
