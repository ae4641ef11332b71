package dev.ocipkg.internal.io;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads coalesced per key on a Caffeine cache: however many threads ask for a key at once, one of
 * them loads it, on its own thread and outside every lock of the cache (a load may run a subprocess
 * or a download), and the others wait for that load's outcome. A value is then kept for the
 * lifetime it names, or not at all; a failed load is never kept. Bounded in size. Cold path only:
 * the warm path loads no Caffeine class.
 */
public final class CoalescedLoads<K, V> {
  /** A load that may throw any runtime exception, which every waiting thread then sees. */
  @FunctionalInterface
  public interface Loader<K, V> {
    V load(K key);
  }

  private final AsyncCache<K, V> cache;

  private CoalescedLoads(AsyncCache<K, V> cache) {
    this.cache = cache;
  }

  /** Values kept for the lifetime {@code lifetime} gives each (zero: only while it loads). */
  public static <K, V> CoalescedLoads<K, V> keptFor(
      Function<V, Duration> lifetime, long maximumSize, TimeSource time) {
    Expiry<K, V> expiry = Expiry.creating((K key, V value) -> lifetime.apply(value));
    return new CoalescedLoads<>(
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .ticker(time::nanoTime)
            .expireAfter(expiry)
            .buildAsync());
  }

  /** Nothing kept once loaded: concurrent callers share one load, later callers load again. */
  public static <K, V> CoalescedLoads<K, V> whileLoading() {
    return keptFor(v -> Duration.ZERO, Long.MAX_VALUE, SystemTime.INSTANCE);
  }

  /** The value of {@code key}: kept, being loaded by another thread, or loaded now by this one. */
  public V get(K key, Loader<K, V> loader) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = cache.asMap().putIfAbsent(key, mine);
    if (running == null) {
      try {
        V value = loader.load(key);
        mine.complete(value);
        return value;
      } catch (RuntimeException | Error e) {
        mine.completeExceptionally(e);
        cache.asMap().remove(key, mine);
        throw e;
      }
    }
    try {
      return running.join();
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * The live map, for an atomic change of one entry (a value found wrong and dropped, say); the
   * futures in it may still be loading.
   */
  public ConcurrentMap<K, CompletableFuture<V>> asMap() {
    return cache.asMap();
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
