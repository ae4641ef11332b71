package dev.ocipkg.internal;

import dev.ocipkg.internal.io.DaemonThreads;
import dev.ocipkg.internal.io.Failures;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs one task per layer of a package (fetch, verify, extract), and one for its config, up to
 * {@code parallel} at a time: the first on the calling thread, the others on background threads,
 * started in manifest order, so that a task may wait for older layers' tasks and never for a
 * younger one's.
 *
 * <p>When a task fails, the others are cancelled: the streams they read are closed under them (see
 * {@link Cancellation}), tasks not started yet never start, and {@code onFailure} is told, to wake
 * a task that waits for another. {@link #runAll} returns, or throws the first failure as it was,
 * only once every task has ended, so that the caller can remove what they wrote.
 */
final class LayerTasks {
  /** The work for the layer at {@code index}. */
  @FunctionalInterface
  interface Task {
    void run(int index, Cancellation cancellation) throws IOException;
  }

  /** A safety bound: cancelled tasks end at once, since their streams are closed under them. */
  private static final long END_WAIT_MILLIS = 60_000;

  private LayerTasks() {}

  /**
   * Runs {@code task} for each index below {@code layers}.
   *
   * @param onFailure told the first failure's message, before the other tasks are cancelled
   */
  static void runAll(int layers, int parallel, Task task, Consumer<String> onFailure)
      throws IOException {
    Cancellation cancellation = new Cancellation();
    AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();
    IntConsumer run =
        index -> {
          if (cancellation.cancelled()) {
            return;
          }
          try {
            task.run(index, cancellation);
          } catch (IOException | RuntimeException | Error e) {
            if (firstFailure.compareAndSet(null, e)) {
              onFailure.accept(String.valueOf(e.getMessage()));
              cancellation.cancel();
            }
          }
        };
    int background = Math.min(parallel - 1, layers - 1);
    if (background < 1) {
      for (int i = 0; i < layers; i++) {
        run.accept(i);
      }
    } else {
      ExecutorService executor =
          Executors.newFixedThreadPool(background, new DaemonThreads("ocipkg-layer"));
      try {
        for (int i = 1; i < layers; i++) {
          int index = i;
          executor.execute(() -> run.accept(index));
        }
        run.accept(0);
      } finally {
        executor.shutdown();
        awaitEnd(executor, cancellation);
      }
    }
    @Nullable Throwable failure = firstFailure.get();
    if (failure != null) {
      throw Failures.rethrow(failure);
    }
  }

  private static void awaitEnd(ExecutorService executor, Cancellation cancellation)
      throws InterruptedIOException {
    try {
      while (!executor.awaitTermination(END_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        if (cancellation.cancelled()) {
          return; // a bound, not expected: cancelled tasks end as their streams close
        }
      }
    } catch (InterruptedException e) {
      cancellation.cancel();
      executor.shutdownNow();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for the layers of a package");
    }
  }

  /**
   * Set when the pull gives up: background reads then fail instead of finishing a useless blob, and
   * streams being read are closed, which wakes a thread that waits for the network.
   */
  static final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Set<InputStream> open = ConcurrentHashMap.newKeySet();

    boolean cancelled() {
      return cancelled.get();
    }

    void cancel() {
      cancelled.set(true);
      for (InputStream in : open) {
        closeQuietly(in);
      }
    }

    /** {@code in}, failing at its next read once cancelled, and closed by {@link #cancel}. */
    InputStream guard(InputStream in, String what) throws InterruptedIOException {
      InputStream guarded =
          new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
              check();
              return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              check();
              return super.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
              open.remove(this);
              super.close();
            }

            private void check() throws InterruptedIOException {
              if (cancelled.get()) {
                throw cancelledException(what);
              }
            }
          };
      open.add(guarded);
      if (cancelled.get()) { // cancelled while this stream was being opened
        closeQuietly(guarded);
        throw cancelledException(what);
      }
      return guarded;
    }

    private static InterruptedIOException cancelledException(String what) {
      return new InterruptedIOException(
          "download of " + what + " cancelled: the pull of its package failed");
    }

    private static void closeQuietly(InputStream in) {
      try {
        in.close();
      } catch (IOException | RuntimeException e) {
        // closing only to wake the reader; it reports the cancellation itself
      }
    }
  }
}
