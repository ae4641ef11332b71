package dev.ocipkg.benchmarks.probe;

import dev.ocipkg.LoadListener;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cold pull in a fresh JVM: {@code NativeLoader.builder().cacheDir(dir).build().open(ref)}, from
 * as many threads as asked (all on one loader, as an application's threads share the default
 * loader). It stands in for {@code ocipkg pull}, which the command line does not have yet.
 *
 * <p>Arguments: {@code REFERENCE CACHE_DIR [THREADS [timeline]]}. Prints {@code pull-nanos} (from
 * before the loader is built to the last {@code open} returning, so the loading of the HTTP client
 * and JSON classes is in it, the JVM start is not), {@code files} and {@code peak-rss-kib}. With
 * {@code timeline}, a {@link LoadListener} also notes when the first and the last byte of a layer
 * (a blob of more than {@value #LAYER_BYTES} bytes) arrived and when the package was extracted,
 * printed with the start of {@code main} and the return of {@code open} as epoch milliseconds
 * ({@code main-ms}, {@code first-layer-byte-ms}, {@code last-layer-byte-ms}, {@code extracted-ms},
 * {@code opened-ms}), for the harness to set against the process's start and end.
 */
public final class PullProbe {
  private static final long LAYER_BYTES = 1 << 20;

  private PullProbe() {}

  /** When the layers' bytes came and the package was extracted, in epoch milliseconds. */
  private static final class Timeline implements LoadListener {
    final AtomicLong firstLayerByte = new AtomicLong();
    final AtomicLong lastLayerByte = new AtomicLong();
    final AtomicLong extracted = new AtomicLong();

    @Override
    public void bytesMoved(BytesMoved event) {
      if (event.size() > LAYER_BYTES) {
        long now = System.currentTimeMillis();
        firstLayerByte.compareAndSet(0, now);
        lastLayerByte.accumulateAndGet(now, Math::max);
      }
    }

    @Override
    public void extracted(Extracted event) {
      extracted.set(System.currentTimeMillis());
    }
  }

  public static void main(String[] args) throws Exception {
    String reference = args[0];
    Path cacheDir = Path.of(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Timeline timeline = args.length > 3 && args[3].equals("timeline") ? new Timeline() : null;
    long mainMillis = System.currentTimeMillis();

    long started = System.nanoTime();
    NativeLoader.Builder builder = NativeLoader.builder().cacheDir(cacheDir);
    if (timeline != null) {
      builder.listener(timeline);
    }
    NativeLoader loader = builder.build();
    NativePackage pkg;
    if (threads == 1) {
      pkg = loader.open(reference);
    } else {
      pkg = openFromThreads(loader, reference, threads);
    }
    long pullNanos = System.nanoTime() - started;
    if (timeline != null) {
      System.out.println(
          "main-ms="
              + mainMillis
              + " first-layer-byte-ms="
              + timeline.firstLayerByte.get()
              + " last-layer-byte-ms="
              + timeline.lastLayerByte.get()
              + " extracted-ms="
              + timeline.extracted.get()
              + " opened-ms="
              + System.currentTimeMillis());
    }
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
