package dev.ocipkg.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescedLoadsTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void threadsAskingAtOnceShareOneLoad() throws Exception {
    CoalescedLoads<String, Integer> loads = CoalescedLoads.whileLoading();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> first = loadHeld(loads, "k", 42, release, runs::incrementAndGet);
    List<Future<Integer>> others = new ArrayList<>();
    List<Thread> asking = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 8; i++) {
      others.add(
          threads.submit(
              () -> {
                asking.add(Thread.currentThread());
                return loads.get("k", k -> runs.incrementAndGet() + 1000);
              }));
    }
    // Release only once all eight are parked waiting for the first load (a late one would rightly
    // load again); one that loads itself never parks, and fails the checks below.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((asking.size() < 8
            || !asking.stream().allMatch(t -> t.getState() == Thread.State.WAITING))
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    for (Future<Integer> other : others) {
      assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    }
    assertThat(runs).hasValue(1);
    // nothing kept: a later ask loads again
    assertThat(loads.get("k", k -> 7)).isEqualTo(7);
  }

  @Test
  void aWaiterInterruptedWhileWaitingStillGetsTheValueAndKeepsItsInterrupt() throws Exception {
    CoalescedLoads<String, Integer> loads = CoalescedLoads.whileLoading();
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> first = loadHeld(loads, "k", 42, release, () -> {});
    AtomicInteger got = new AtomicInteger();
    AtomicInteger stillInterrupted = new AtomicInteger();
    Thread waiter =
        new Thread(
            () -> {
              got.set(loads.get("k", k -> -1));
              stillInterrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            });
    waiter.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    waiter.interrupt();
    Thread.sleep(50);
    release.countDown();
    waiter.join(10_000);

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(got).hasValue(42);
    assertThat(stillInterrupted).hasValue(1);
  }

  @Test
  void aSlowLoadBlocksNoOtherKey() throws Exception {
    CoalescedLoads<String, String> loads = CoalescedLoads.whileLoading();
    CountDownLatch release = new CountDownLatch(1);
    Future<String> slow = loadHeld(loads, "slow", "slow", release, () -> {});
    // Many keys while "slow" loads: a load inside the map's lock would block some of them.
    for (int i = 0; i < 1000; i++) {
      String key = "other-" + i;
      assertThat(threads.submit(() -> loads.get(key, k -> k)).get(5, TimeUnit.SECONDS))
          .isEqualTo(key);
    }
    release.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
  }

  @Test
  void aFailedLoadIsSeenByItsWaitersAndNotKept() {
    ManualTime time = new ManualTime();
    CoalescedLoads<String, String> loads =
        CoalescedLoads.keptFor(v -> Duration.ofMinutes(5), 10, time);
    IllegalStateException failure = new IllegalStateException("helper failed");
    assertThatThrownBy(
            () ->
                loads.get(
                    "k",
                    k -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(loads.get("k", k -> "second try")).isEqualTo("second try");
  }

  @Test
  void aFailedLoadIsNotLoggedAsAnIncident() {
    // The caller reports a failed fetch; an asynchronous cache (Caffeine's) would log each as a
    // warning.
    List<LogRecord> logged;
    try (RecordedLogs logs = RecordedLogs.of("dev.ocipkg")) {
      CoalescedLoads<String, String> loads =
          CoalescedLoads.keptFor(v -> Duration.ofMinutes(5), 10, new ManualTime());
      assertThatThrownBy(
              () ->
                  loads.get(
                      "k",
                      k -> {
                        throw new IllegalStateException("HTTP 401");
                      }))
          .hasMessage("HTTP 401");
      logged = logs.records();
    }
    assertThat(logged).isEmpty();
  }

  @Test
  void dropIfDropsOnlyWhatItIsToldIsWrong() {
    CoalescedLoads<String, String> loads =
        CoalescedLoads.keptFor(v -> Duration.ofMinutes(5), 10, new ManualTime());
    loads.get("k", k -> "refused");
    loads.dropIf("k", v -> v.equals("other"));
    assertThat(loads.get("k", k -> "reloaded")).isEqualTo("refused");
    loads.dropIf("k", v -> v.equals("refused"));
    assertThat(loads.get("k", k -> "reloaded")).isEqualTo("reloaded");
  }

  @Test
  void aValueIsKeptForTheLifetimeItNames() {
    ManualTime time = new ManualTime();
    CoalescedLoads<String, String> loads =
        CoalescedLoads.keptFor(
            v -> v.equals("short") ? Duration.ofSeconds(30) : Duration.ofMinutes(5), 10, time);
    assertThat(loads.get("a", k -> "short")).isEqualTo("short");
    assertThat(loads.get("b", k -> "long")).isEqualTo("long");
    time.advance(Duration.ofSeconds(29));
    assertThat(loads.get("a", k -> "reloaded")).isEqualTo("short");
    time.advance(Duration.ofSeconds(2));
    assertThat(loads.get("a", k -> "reloaded")).isEqualTo("reloaded");
    assertThat(loads.get("b", k -> "reloaded")).isEqualTo("long");
    time.advance(Duration.ofMinutes(5));
    assertThat(loads.get("b", k -> "reloaded")).isEqualTo("reloaded");
  }

  /**
   * A load of {@code key} on another thread that runs {@code onLoad}, then holds until {@code
   * release} and gives {@code value}; returns once that load has begun.
   */
  private <V> Future<V> loadHeld(
      CoalescedLoads<String, V> loads, String key, V value, CountDownLatch release, Runnable onLoad)
      throws InterruptedException {
    CountDownLatch loading = new CountDownLatch(1);
    Future<V> held =
        threads.submit(
            () ->
                loads.get(
                    key,
                    k -> {
                      onLoad.run();
                      loading.countDown();
                      await(release);
                      return value;
                    }));
    loading.await(10, TimeUnit.SECONDS);
    return held;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
