package dev.ocipkg.agent;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches references into the cache in the background, in parallel, on daemon threads: JVM start
 * never waits on the network, and a JVM that exits does not wait for a download either. A failure
 * is logged (a success is not); the first use of the library tries again and reports it.
 */
final class Prefetcher {
  /**
   * Made at first use, not in a static field: initialising System.Logger costs tens of
   * milliseconds, which premain must not spend (see benchmarks, agent row).
   */
  private static System.Logger log() {
    return System.getLogger(Prefetcher.class.getName());
  }

  private final NativeLoader loader;
  private final ExecutorService threads;
  private final Set<String> started = ConcurrentHashMap.newKeySet();

  Prefetcher(NativeLoader loader) {
    this.loader = loader;
    // Named classes, not lambdas: this runs in premain, and a JVM's first lambda costs
    // milliseconds.
    this.threads = Executors.newFixedThreadPool(2, new DaemonThreads());
  }

  /** Starts fetching {@code reference} unless it was started before. Returns at once. */
  void prefetch(ImageReference reference) {
    if (!started.add(reference.toString())) {
      return;
    }
    threads.execute(new Fetch(reference));
  }

  private final class Fetch implements Runnable {
    private final ImageReference reference;

    Fetch(ImageReference reference) {
      this.reference = reference;
    }

    @Override
    public void run() {
      try {
        // Nothing logged on success: the first System.Logger of a JVM costs tens of milliseconds
        // (its backend is looked up on the class path), which an application that logs nothing
        // would pay at every start. LoadListener and the JFR events report every load.
        loader.open(reference);
      } catch (RuntimeException e) {
        log()
            .log(
                System.Logger.Level.WARNING,
                "ocipkg agent: could not prefetch {0}; it is tried again at first use: {1}",
                reference,
                e.getMessage());
      }
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "ocipkg-prefetch-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
