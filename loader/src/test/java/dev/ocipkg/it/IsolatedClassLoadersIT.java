package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.AccessLog;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testing.WrittenManifest;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
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

/**
 * Four copies of ocipkg in one JVM, each defined by its own class loader over the loader jar and
 * its dependencies (as the webapps of an application server), loading the same reference at once
 * from an empty cache. The JVM holds file locks per process, so the copies cannot see each other's
 * in-process locks: they must still wait for each other as threads do.
 */
@Tag("java17")
class IsolatedClassLoadersIT {
  private static final int COPIES = 4;

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir static Path work;
  static WrittenLayout layout;

  @BeforeAll
  static void push() throws Exception {
    layout = DemoArtifact.push(registry.server(), "acme/isolated", work);
  }

  @Test
  void fourIsolatedCopiesAllSucceedAndEachBlobIsFetchedOnce(@TempDir Path cache) throws Exception {
    // Slow enough that the first copy still holds the package lock when the others ask for it.
    try (FaultProxy slow = FaultProxy.inFrontOf(registry.server()).throttle(256 * 1024);
        CopiesOfOcipkg copies = new CopiesOfOcipkg(COPIES)) {
      registry.accessLog().clear();
      String ref = slow.reference("acme/isolated:" + DemoArtifact.TAG);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(COPIES);
      try {
        List<Future<Path>> results = new ArrayList<>();
        for (ClassLoader copy : copies.loaders) {
          Callable<Path> load =
              () -> {
                start.await();
                return openIn(copy, cache, ref);
              };
          results.add(pool.submit(load));
        }
        start.countDown();
        List<Path> dirs = new ArrayList<>();
        for (Future<Path> f : results) {
          dirs.add(f.get(120, TimeUnit.SECONDS));
        }
        assertThat(dirs).containsOnly(dirs.get(0));
      } finally {
        pool.shutdownNow();
      }
    }
    AccessLog log = registry.accessLog();
    WrittenManifest amd64 = layout.manifest("linux/amd64");
    assertThat(log.blobFetches(amd64.layerDigest())).as(log.describe()).isEqualTo(1);
    assertThat(log.blobFetches(amd64.configDigest())).as(log.describe()).isEqualTo(1);
  }

  /**
   * {@code NativeLoader.builder().cacheDir(cache).build().open(ref).directory()} in {@code copy}.
   */
  private static Path openIn(ClassLoader copy, Path cache, String ref) throws Exception {
    Class<?> nativeLoader = Class.forName("dev.ocipkg.NativeLoader", true, copy);
    assertThat(nativeLoader).isNotSameAs(dev.ocipkg.NativeLoader.class);
    try {
      Class<?> builderType = Class.forName("dev.ocipkg.NativeLoader$Builder", true, copy);
      Class<?> packageType = Class.forName("dev.ocipkg.NativePackage", true, copy);
      Object builder = nativeLoader.getMethod("builder").invoke(null);
      builderType.getMethod("cacheDir", Path.class).invoke(builder, cache);
      Object loader = builderType.getMethod("build").invoke(builder);
      Object pkg = nativeLoader.getMethod("open", String.class).invoke(loader, ref);
      return (Path) packageType.getMethod("directory").invoke(pkg);
    } catch (InvocationTargetException e) {
      throw new AssertionError("a copy of ocipkg failed: " + e.getCause(), e.getCause());
    }
  }

  /** Class loaders over the test class path whose parent is the platform loader: own copies. */
  private static final class CopiesOfOcipkg implements AutoCloseable {
    final List<URLClassLoader> loaders = new ArrayList<>();

    CopiesOfOcipkg(int count) throws Exception {
      List<URL> urls = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        urls.add(Path.of(entry).toUri().toURL());
      }
      for (int i = 0; i < count; i++) {
        loaders.add(
            new URLClassLoader(
                "ocipkg-copy-" + i,
                urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader()));
      }
    }

    @Override
    public void close() throws Exception {
      for (URLClassLoader loader : loaders) {
        loader.close();
      }
    }
  }
}
