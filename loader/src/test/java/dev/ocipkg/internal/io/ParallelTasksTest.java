package dev.ocipkg.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTasksTest {
  @Test
  void runsEveryTaskAtMostParallelAtATime() throws IOException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch firstTwo = new CountDownLatch(2); // they meet, however late a thread starts
    List<ParallelTasks.Task> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int id = i;
      tasks.add(
          () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            if (id < 2) {
              firstTwo.countDown();
              await(firstTwo);
            }
            sleep(20);
            running.decrementAndGet();
            done.add(id);
          });
    }

    ParallelTasks.runAll(tasks, 3, "test-upload");

    assertThat(done).hasSize(12);
    assertThat(most.get()).isBetween(2, 3);
    assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("test-upload-"));
  }

  @Test
  void oneAtATimeRunsInOrderOnTheCallingThread() throws IOException {
    List<String> seen = new ArrayList<>();
    List<ParallelTasks.Task> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int id = i;
      tasks.add(() -> seen.add(id + " " + Thread.currentThread().getName()));
    }

    ParallelTasks.runAll(tasks, 1, "unused");

    String me = Thread.currentThread().getName();
    assertThat(seen).containsExactly("0 " + me, "1 " + me, "2 " + me);
  }

  @Test
  void theFirstFailureIsThrownAfterTheOthersEndedAndNoTaskStartsAfterIt() throws Exception {
    IOException first = new IOException("blob 1: HTTP 500");
    IOException second = new IOException("blob 2: HTTP 500");
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicInteger laterRuns = new AtomicInteger();
    List<ParallelTasks.Task> tasks = new ArrayList<>();
    tasks.add(
        () -> {
          bothStarted.countDown();
          await(bothStarted);
          throw first;
        });
    tasks.add(
        () -> {
          bothStarted.countDown();
          await(bothStarted);
          sleep(50); // fails after the first
          throw second;
        });
    for (int i = 0; i < 5; i++) {
      tasks.add(laterRuns::incrementAndGet);
    }

    assertThatThrownBy(() -> ParallelTasks.runAll(tasks, 2, "test"))
        .isSameAs(first)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
    assertThat(laterRuns).as("nothing started after the failure").hasValue(0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IOException("latch timed out");
      }
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }
}
