package dev.ocipkg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LayerPrefetcherTest {
  private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  private final List<Descriptor> layers = List.of(layer('0'), layer('1'), layer('2'), layer('3'));
  private final Set<Digest> downloaded = ConcurrentHashMap.newKeySet();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();

  @Test
  void laterLayersDownloadInTheBackgroundAndTheFirstIsLeftToTheCaller() throws Exception {
    try (LayerPrefetcher prefetcher = new LayerPrefetcher(layers, 3, d -> false, recording())) {
      assertThat(prefetcher.claim(layers.get(0))).isTrue();
      for (Descriptor later : layers.subList(1, 4)) {
        prefetcher.awaitDownloaded(later);
        assertThat(prefetcher.claim(later)).as("already downloaded").isFalse();
      }
    }
    assertThat(downloaded).containsExactlyInAnyOrder(digests(1, 2, 3));
    assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("ocipkg-download-"));
    assertThat(threads).hasSizeBetween(1, 2);
  }

  @Test
  void aLayerNoThreadHasStartedIsClaimedByTheCallerAndNeverDownloadedTwice() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LayerPrefetcher.BlobDownload blocking = layerOneWaitsFor(release);
    // parallel 2: the caller and one background thread, busy with layer 1.
    try (LayerPrefetcher prefetcher = new LayerPrefetcher(layers, 2, d -> false, blocking)) {
      assertThat(prefetcher.claim(layers.get(2))).isTrue();
      release.countDown();
      prefetcher.awaitDownloaded(layers.get(1));
      prefetcher.awaitDownloaded(layers.get(3));
      assertThat(prefetcher.claim(layers.get(1))).isFalse();
    }
    assertThat(downloaded).containsExactlyInAnyOrder(digests(1, 3));
  }

  @Test
  void aFailedBackgroundDownloadIsThrownToTheCallerAsItWas() throws Exception {
    IOException failure = new IOException("registry answered 500 for layer 2");
    LayerPrefetcher.BlobDownload failing =
        (blob, cancellation) -> {
          if (blob.equals(layers.get(2))) {
            throw failure;
          }
          recording().download(blob, cancellation);
        };
    try (LayerPrefetcher prefetcher = new LayerPrefetcher(layers, 4, d -> false, failing)) {
      prefetcher.awaitDownloaded(layers.get(1));
      assertThatThrownBy(() -> prefetcher.awaitDownloaded(layers.get(2))).isSameAs(failure);
      prefetcher.awaitDownloaded(layers.get(3));
    }
  }

  @Test
  void closingCancelsADownloadInFlightAndStartsNoOther() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    AtomicReference<IOException> seen = new AtomicReference<>();
    LayerPrefetcher.BlobDownload endless =
        (blob, cancellation) -> {
          downloaded.add(blob.digest());
          try (InputStream in = cancellation.guard(endlessStream(), "blob " + blob.digest())) {
            byte[] buffer = new byte[1024];
            reading.countDown();
            while (in.read(buffer) >= 0) {
              Thread.onSpinWait();
            }
          } catch (IOException e) {
            seen.set(e);
            throw e;
          }
        };
    LayerPrefetcher prefetcher = new LayerPrefetcher(layers, 2, d -> false, endless);
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    prefetcher.close();

    assertThat(seen.get())
        .isInstanceOf(InterruptedIOException.class)
        .hasMessageContaining("blob " + layers.get(1).digest())
        .hasMessageContaining("cancelled");
    assertThat(downloaded).containsExactly(layers.get(1).digest());
    assertThatThrownBy(() -> prefetcher.awaitDownloaded(layers.get(1)))
        .isInstanceOf(InterruptedIOException.class);
    assertThatThrownBy(() -> prefetcher.awaitDownloaded(layers.get(2)))
        .as("never started, yet no one waits for it forever")
        .isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void closingClosesAStreamWhoseReaderWaitsForTheNetwork() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    InputStream silent =
        new InputStream() {
          @Override
          public int read() throws IOException {
            reading.countDown();
            try {
              closed.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IOException("socket closed");
          }

          @Override
          public void close() {
            closed.countDown();
          }
        };
    LayerPrefetcher.BlobDownload waiting =
        (blob, cancellation) -> {
          try (InputStream in = cancellation.guard(silent, "blob " + blob.digest())) {
            in.read();
          } finally {
            ended.countDown();
          }
        };
    LayerPrefetcher prefetcher = new LayerPrefetcher(layers.subList(0, 2), 2, d -> false, waiting);
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

    prefetcher.close();

    assertThat(closed.getCount()).as("the stream was closed under its reader").isZero();
    assertThat(ended.getCount()).as("the download ended before close returned").isZero();
  }

  @Test
  void aLayerStoredMeanwhileIsNotDownloaded() throws Exception {
    Set<Digest> store = ConcurrentHashMap.newKeySet();
    CountDownLatch release = new CountDownLatch(1);
    LayerPrefetcher.BlobDownload blocking = layerOneWaitsFor(release);
    try (LayerPrefetcher prefetcher = new LayerPrefetcher(layers, 2, store::contains, blocking)) {
      store.add(layers.get(3).digest()); // e.g. another process stored it
      release.countDown();
      prefetcher.awaitDownloaded(layers.get(1));
      prefetcher.awaitDownloaded(layers.get(2));
      prefetcher.awaitDownloaded(layers.get(3));
    }
    assertThat(downloaded).containsExactlyInAnyOrder(digests(1, 2));
  }

  @Test
  void layersInTheStoreAndRepeatsOfTheFirstAreNotPrefetched() throws Exception {
    List<Descriptor> withRepeat = new ArrayList<>(layers);
    withRepeat.add(layers.get(0));
    Set<Digest> inStore = Set.of(layers.get(2).digest());
    try (LayerPrefetcher prefetcher =
        new LayerPrefetcher(withRepeat, 3, inStore::contains, recording())) {
      prefetcher.awaitDownloaded(layers.get(1));
      prefetcher.awaitDownloaded(layers.get(3));
      assertThat(prefetcher.claim(layers.get(2))).isTrue();
      assertThatThrownBy(() -> prefetcher.awaitDownloaded(layers.get(0)))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(downloaded).containsExactlyInAnyOrder(digests(1, 3));
  }

  @Test
  void oneDownloadAtATimeLeavesEveryLayerToTheCaller() {
    try (LayerPrefetcher prefetcher = new LayerPrefetcher(layers, 1, d -> false, recording())) {
      for (Descriptor layer : layers) {
        assertThat(prefetcher.claim(layer)).isTrue();
      }
    }
    assertThat(downloaded).isEmpty();
    assertThat(threads).isEmpty();
  }

  /** Records downloads; the one of layer 1 first waits until {@code release} opens. */
  private LayerPrefetcher.BlobDownload layerOneWaitsFor(CountDownLatch release) {
    return (blob, cancellation) -> {
      if (blob.equals(layers.get(1))) {
        await(release);
      }
      recording().download(blob, cancellation);
    };
  }

  private LayerPrefetcher.BlobDownload recording() {
    return (blob, cancellation) -> {
      threads.add(Thread.currentThread().getName());
      if (!downloaded.add(blob.digest())) {
        throw new AssertionError("downloaded twice: " + blob.digest());
      }
    };
  }

  private Digest[] digests(int... indexes) {
    Digest[] result = new Digest[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      result[i] = layers.get(indexes[i]).digest();
    }
    return result;
  }

  private static Descriptor layer(char hexDigit) {
    return Descriptor.of(GZIP, Digest.parse("sha256:" + String.valueOf(hexDigit).repeat(64)), 10);
  }

  private static void await(CountDownLatch latch) throws InterruptedIOException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
  }

  private static InputStream endlessStream() {
    return new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return len;
      }
    };
  }
}
