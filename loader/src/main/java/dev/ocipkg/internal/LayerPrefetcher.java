package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.DaemonThreads;
import dev.ocipkg.internal.io.Failures;
import dev.ocipkg.internal.oci.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Downloads the later layers of a package into the store while the puller streams and extracts the
 * earlier ones, so that a package of several layers arrives at the speed of the network rather than
 * at the speed of one decompressing thread.
 *
 * <p>Layers are extracted one at a time, in manifest order (a later layer may replace or delete
 * what an earlier one wrote). The puller asks for each layer in turn: a layer that no background
 * thread has started yet is {@linkplain #claim claimed} and streamed by the puller itself, each
 * byte read once as before; a layer that a background thread is downloading is {@linkplain
 * #awaitDownloaded awaited} and then extracted from its verified blob. The first layer is never
 * prefetched: the puller starts on it at once.
 *
 * <p>When the pull fails, {@link #close} cancels the rest: the streams of downloads in flight are
 * closed, the downloads fail and remove their temp files before {@code close} returns; blobs
 * already verified stay in the store for the next attempt.
 */
final class LayerPrefetcher implements AutoCloseable {
  /** Downloads one blob into the store, verified, reading it from {@code source}. */
  @FunctionalInterface
  interface BlobDownload {
    void download(Descriptor blob, Cancellation cancellation) throws IOException;
  }

  /** A safety bound: cancelled downloads end at once, since their streams are closed under them. */
  private static final long CLOSE_WAIT_MILLIS = 60_000;

  private final Map<Digest, Slot> slots = new LinkedHashMap<>();
  private final Cancellation cancellation = new Cancellation();
  private final Predicate<Digest> inStore;
  private final @Nullable ExecutorService executor;

  /**
   * Starts downloading {@code layers} after the first, skipping those for which {@code inStore} is
   * true, on {@code parallel - 1} background threads: with the caller's own download, at most
   * {@code parallel} at a time.
   */
  LayerPrefetcher(
      List<Descriptor> layers, int parallel, Predicate<Digest> inStore, BlobDownload download) {
    this.inStore = inStore;
    for (int i = 1; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      if (!inStore.test(layer.digest()) && !layer.digest().equals(layers.get(0).digest())) {
        slots.putIfAbsent(layer.digest(), new Slot(layer));
      }
    }
    int background = Math.min(parallel - 1, slots.size());
    if (background < 1) {
      executor = null;
      return;
    }
    executor = Executors.newFixedThreadPool(background, new DaemonThreads("ocipkg-download"));
    for (Slot slot : slots.values()) {
      executor.execute(() -> runInBackground(slot, download));
    }
  }

  private void runInBackground(Slot slot, BlobDownload download) {
    if (cancellation.cancelled() || !slot.claimed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!inStore.test(slot.layer.digest())) { // another process may have stored it since
        download.download(slot.layer, cancellation);
      }
      slot.done.complete(null);
    } catch (IOException | RuntimeException | Error e) {
      slot.done.completeExceptionally(e);
    }
  }

  /**
   * Whether the caller may download {@code layer} itself: true unless a background thread has
   * started it (then {@link #awaitDownloaded}), and from then on no background thread will.
   */
  boolean claim(Descriptor layer) {
    Slot slot = slots.get(layer.digest());
    return slot == null || slot.claimed.compareAndSet(false, true);
  }

  /**
   * Waits until the background download of {@code layer} ends; throws what made it fail, so that a
   * digest mismatch or an HTTP error reaches the caller as if it had downloaded the layer itself.
   */
  void awaitDownloaded(Descriptor layer) throws IOException {
    Slot slot = slots.get(layer.digest());
    if (slot == null) {
      throw new IllegalStateException("layer " + layer.digest() + " is not being prefetched");
    }
    try {
      slot.done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for layer " + layer.digest());
    } catch (ExecutionException e) {
      throw Failures.rethrow(e.getCause());
    }
  }

  /**
   * Cancels downloads not yet finished: the streams they read are closed under them and their retry
   * waits interrupted, so they end at once and remove their temp files; returns when they have.
   */
  @Override
  public void close() {
    cancellation.cancel();
    for (Slot slot : slots.values()) {
      slot.done.completeExceptionally(
          new InterruptedIOException("download of layer " + slot.layer.digest() + " cancelled"));
    }
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Slot {
    final Descriptor layer;
    final AtomicBoolean claimed = new AtomicBoolean();
    final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();

    Slot(Descriptor layer) {
      this.layer = layer;
    }
  }

  /**
   * Set when the pull gives up: background reads then fail instead of finishing a useless blob, and
   * streams being read are closed, which wakes a thread that waits for the network.
   */
  static final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Set<InputStream> open = ConcurrentHashMap.newKeySet();

    static Cancellation never() {
      return new Cancellation();
    }

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
