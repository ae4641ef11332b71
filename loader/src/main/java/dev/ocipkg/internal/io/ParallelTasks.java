package dev.ocipkg.internal.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Runs independent transfers (blob uploads, blob copies) a few at a time, as ORAS, crane and skopeo
 * do: on a real network one connection rarely fills the line. After the first failure no task
 * starts; the failure is thrown once the tasks in flight have ended, with theirs attached as
 * suppressed.
 */
public final class ParallelTasks {
  /** One transfer. */
  @FunctionalInterface
  public interface Task {
    void run() throws IOException;
  }

  private static final long TERMINATION_WAIT_SECONDS = 30;

  private ParallelTasks() {}

  /**
   * Runs every task, at most {@code parallel} at a time ({@code 1}: one after the other on this
   * thread), and returns when all have ended.
   *
   * @param threadName the name of the worker threads, numbered
   * @throws IOException the first failure, the later ones suppressed in it
   */
  public static void runAll(List<Task> tasks, int parallel, String threadName) throws IOException {
    if (parallel <= 1 || tasks.size() <= 1) {
      for (Task task : tasks) {
        task.run();
      }
      return;
    }
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            Math.min(parallel, tasks.size()), new DaemonThreads(threadName));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Task task : tasks) {
        futures.add(
            executor.submit(
                () -> {
                  if (!failed.get()) {
                    try {
                      task.run();
                    } catch (IOException | RuntimeException | Error e) {
                      failed.set(true);
                      throw e;
                    }
                  }
                  return null;
                }));
      }
      @Nullable Throwable first = null;
      for (Future<?> future : futures) {
        Throwable failure = outcome(future);
        if (failure != null) {
          if (first == null) {
            first = failure;
          } else if (first != failure) {
            first.addSuppressed(failure);
          }
        }
      }
      if (first != null) {
        throw Failures.rethrow(first);
      }
    } finally {
      // All ended unless this thread was interrupted: then give the tasks in flight (and their
      // temp files) a bounded moment to stop.
      executor.shutdownNow();
      awaitQuietly(executor);
    }
  }

  private static void awaitQuietly(ExecutorService executor) {
    boolean interrupted = Thread.interrupted();
    try {
      executor.awaitTermination(TERMINATION_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static @Nullable Throwable outcome(Future<?> future) throws InterruptedIOException {
    try {
      future.get();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while transfers were running");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}
