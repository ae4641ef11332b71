package dev.ocipkg.benchmarks.probe;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A cold pull in a fresh JVM: {@code NativeLoader.builder().cacheDir(dir).build().open(ref)}, from
 * as many threads as asked (all on one loader, as an application's threads share the default
 * loader). It stands in for {@code ocipkg pull}, which the command line does not have yet.
 *
 * <p>Arguments: {@code REFERENCE CACHE_DIR [THREADS]}. Prints {@code pull-nanos} (from before the
 * loader is built to the last {@code open} returning, so the loading of the HTTP client and JSON
 * classes is in it, the JVM start is not), {@code files} and {@code peak-rss-kib}.
 */
public final class PullProbe {
  private PullProbe() {}

  public static void main(String[] args) throws Exception {
    String reference = args[0];
    Path cacheDir = Path.of(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;

    long started = System.nanoTime();
    NativeLoader loader = NativeLoader.builder().cacheDir(cacheDir).build();
    NativePackage pkg;
    if (threads == 1) {
      pkg = loader.open(reference);
    } else {
      pkg = openFromThreads(loader, reference, threads);
    }
    long pullNanos = System.nanoTime() - started;
    System.out.println(
        "pull-nanos="
            + pullNanos
            + " files="
            + pkg.files().size()
            + " peak-rss-kib="
            + PeakMemory.peakRssKib());
  }

  private static NativePackage openFromThreads(NativeLoader loader, String reference, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<NativePackage>> opens = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        opens.add(() -> loader.open(reference));
      }
      NativePackage first = null;
      for (Future<NativePackage> result : pool.invokeAll(opens)) {
        NativePackage pkg = result.get();
        if (first == null) {
          first = pkg;
        } else if (!first.digest().equals(pkg.digest())) {
          throw new IllegalStateException(
              "threads got different packages: " + first.digest() + " and " + pkg.digest());
        }
      }
      return first;
    } finally {
      pool.shutdownNow();
    }
  }
}
