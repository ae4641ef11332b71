package dev.ocipkg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LayerTasksTest {
  @Test
  void theFirstLayerRunsOnTheCallerAndTheOthersAtTheSameTimeInTheBackground() throws Exception {
    Map<Integer, Thread> threads = new ConcurrentHashMap<>();
    CountDownLatch allRunning = new CountDownLatch(4);

    LayerTasks.runAll(
        4,
        4,
        (index, cancellation) -> {
          threads.put(index, Thread.currentThread());
          allRunning.countDown();
          await(allRunning); // only returns if the four run at once
        },
        reason -> {});

    assertThat(threads.get(0)).isSameAs(Thread.currentThread());
    assertThat(threads.values()).doesNotHaveDuplicates().hasSize(4);
  }

  @Test
  void atMostParallelRunAtOnceAndTheyStartInManifestOrder() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> started = new CopyOnWriteArrayList<>();
    CountDownLatch zeroAndOne = new CountDownLatch(2); // they meet, however late either starts

    LayerTasks.runAll(
        6,
        2,
        (index, cancellation) -> {
          if (index > 0) {
            started.add(index);
          }
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          if (index <= 1) {
            zeroAndOne.countDown();
            await(zeroAndOne);
          }
          sleep(20);
          running.decrementAndGet();
        },
        reason -> {});

    assertThat(most.get()).isEqualTo(2);
    assertThat(started).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void oneAtATimeRunsEveryLayerInOrderOnTheCaller() throws Exception {
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();

    LayerTasks.runAll(
        3,
        1,
        (index, cancellation) -> {
          threads.add(Thread.currentThread());
          order.add(index);
        },
        reason -> {});

    assertThat(order).containsExactly(0, 1, 2);
    assertThat(threads).containsOnly(Thread.currentThread());
  }

  @Test
  void aFailureCancelsTheOthersAndIsThrownAsItWasOnceAllHaveEnded() throws Exception {
    IOException failure = new IOException("layer 2 is corrupt");
    CountDownLatch reading = new CountDownLatch(1);
    // Layer 0 runs on the caller after the others are handed to the pool; had layer 2 failed
    // before the caller got there, layer 0 would rightly never start. Layer 2 waits for it.
    CountDownLatch firstStarted = new CountDownLatch(1);
    List<String> told = new CopyOnWriteArrayList<>();
    List<Integer> ended = new CopyOnWriteArrayList<>();
    List<Integer> ran = new CopyOnWriteArrayList<>();

    assertThatThrownBy(
            () ->
                LayerTasks.runAll(
                    5,
                    3,
                    (index, cancellation) -> {
                      ran.add(index);
                      try {
                        if (index == 0) {
                          firstStarted.countDown();
                        } else if (index == 1) {
                          // A reader waiting for the network: woken by the stream's close.
                          try (InputStream in =
                              cancellation.guard(new BlockingStream(), "layer 1")) {
                            reading.countDown();
                            in.read();
                          }
                        } else if (index == 2) {
                          await(reading);
                          await(firstStarted);
                          throw failure;
                        }
                      } finally {
                        ended.add(index);
                      }
                    },
                    told::add))
        .isSameAs(failure);

    assertThat(told).containsExactly("layer 2 is corrupt");
    assertThat(ended).containsAll(ran);
    assertThat(ran).doesNotContain(3, 4).contains(0, 1, 2);
  }

  @Test
  void aCancelledStreamFailsItsNextRead() throws Exception {
    LayerTasks.Cancellation cancellation = new LayerTasks.Cancellation();
    InputStream in = cancellation.guard(InputStream.nullInputStream(), "blob x");

    cancellation.cancel();

    assertThatThrownBy(in::read)
        .isInstanceOf(InterruptedIOException.class)
        .hasMessageContaining("download of blob x cancelled");
  }

  /** Blocks in read until closed, as a socket does. */
  private static final class BlockingStream extends InputStream {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() throws IOException {
      await(closed);
      throw new IOException("stream closed");
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  private static void await(CountDownLatch latch) throws InterruptedIOException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
  }
}
