package dev.ocipkg.internal.io;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Loads coalesced per key: however many threads ask for a key at once, one of them loads it, on its
 * own thread and outside every lock (a load may run a subprocess or a download), and the others
 * wait for that load's outcome; a failed load is seen by its waiters and never kept. A loaded value
 * is then kept in a bounded {@link ExpiringCache} for the lifetime it names (per entry), or not at
 * all.
 *
 * <p>The loads in flight are futures in a map of their own: a failed fetch here is an answer (the
 * caller reports it), not an incident to log. They are {@link FutureTask}s, run by the loading
 * thread itself: a first {@code CompletableFuture} in a JVM initialises the common {@code
 * ForkJoinPool} (about 2 ms of a fresh JVM's cold load). Cold path only.
 */
public final class CoalescedLoads<K, V> {
  /** A load that may throw any runtime exception, which every waiting thread then sees. */
  @FunctionalInterface
  public interface Loader<K, V> {
    V load(K key);
  }

  private final ConcurrentMap<K, FutureTask<V>> inFlight = new ConcurrentHashMap<>();

  /** The values kept, or null where nothing is kept once loaded. */
  private final @Nullable ExpiringCache<K, V> kept;

  private CoalescedLoads(@Nullable ExpiringCache<K, V> kept) {
    this.kept = kept;
  }

  /** Values kept for the lifetime {@code lifetime} gives each (zero: not kept), at most so many. */
  public static <K, V> CoalescedLoads<K, V> keptFor(
      Function<V, Duration> lifetime, int maximumSize, TimeSource time) {
    return new CoalescedLoads<>(new ExpiringCache<>(lifetime, maximumSize, time));
  }

  /** Nothing kept once loaded: concurrent callers share one load, later callers load again. */
  public static <K, V> CoalescedLoads<K, V> whileLoading() {
    return new CoalescedLoads<>(null);
  }

  /** The value of {@code key}: kept, being loaded by another thread, or loaded now by this one. */
  public V get(K key, Loader<K, V> loader) {
    V known = kept != null ? kept.getIfPresent(key) : null;
    if (known != null) {
      return known;
    }
    FutureTask<V> mine = new FutureTask<>(() -> loadAndKeep(key, loader));
    FutureTask<V> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return outcome(running);
    }
    try {
      mine.run(); // on this thread: the outcome, value or failure, is the task's
      return outcome(mine);
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private V loadAndKeep(K key, Loader<K, V> loader) {
    // A load that ended between the look in get and putIfAbsent left its value kept.
    V value = kept != null ? kept.getIfPresent(key) : null;
    if (value == null) {
      value = loader.load(key);
      if (kept != null) {
        kept.put(key, value);
      }
    }
    return value;
  }

  /**
   * The value of a task that has run or is running, or what it threw, thrown again; waits without
   * giving in to interruption (as {@code CompletableFuture.join} did), and keeps the interrupt.
   */
  private static <V> V outcome(FutureTask<V> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Drops the kept value of {@code key} where {@code wrong} says so, atomically with respect to
   * other changes of that entry; a load in flight is not affected.
   */
  public void dropIf(K key, Predicate<V> wrong) {
    if (kept != null) {
      kept.dropIf(key, wrong);
    }
  }

  private static RuntimeException rethrow(@Nullable Throwable t) {
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new IllegalStateException(t);
  }
}
