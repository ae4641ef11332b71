package dev.ocipkg.internal.io;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A small bounded cache whose entries live as long as their value says: the loader's tokens and
 * credential answers, a few per registry. An entry is never returned once its lifetime has passed;
 * past the bound, expired entries go first, then those that would expire soonest.
 *
 * <p>The loader's own, not Caffeine's: a fresh JVM's first Caffeine cache with an expiry cost 60-87
 * ms (its classes, and {@code java.util.logging}, which its logger sets up), on every cold load
 * from a registry with token auth. Thread-safe; a lookup is a map read and a clock read.
 */
public final class ExpiringCache<K, V> {
  private record Entry<V>(V value, long expiresAtNanos) {}

  /** Longer lifetimes are cut to this (some 146 years), so that no sum overflows. */
  private static final long LONGEST_NANOS = Long.MAX_VALUE / 2;

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Function<V, Duration> lifetime;
  private final int maximumSize;
  private final TimeSource time;

  /**
   * @param lifetime how long each value is kept (zero or less: not kept)
   * @param maximumSize how many entries at most
   */
  public ExpiringCache(Function<V, Duration> lifetime, int maximumSize, TimeSource time) {
    this.lifetime = lifetime;
    this.maximumSize = maximumSize;
    this.time = time;
  }

  /** The value of {@code key}, or null if there is none or its lifetime has passed. */
  public @Nullable V getIfPresent(K key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (expired(e, time.nanoTime())) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  /** Keeps {@code value} for {@code key} for the lifetime it names, replacing what was there. */
  public void put(K key, V value) {
    long nanos = nanosOf(lifetime.apply(value));
    if (nanos <= 0) {
      entries.remove(key);
      return;
    }
    entries.put(key, new Entry<>(value, time.nanoTime() + nanos));
    if (entries.size() > maximumSize) {
      trim();
    }
  }

  /** Drops the value of {@code key} where {@code wrong} says so, atomically for that entry. */
  public void dropIf(K key, Predicate<V> wrong) {
    entries.computeIfPresent(key, (k, e) -> wrong.test(e.value()) ? null : e);
  }

  public int size() {
    return entries.size();
  }

  private void trim() {
    long now = time.nanoTime();
    entries.entrySet().removeIf(e -> expired(e.getValue(), now));
    while (entries.size() > maximumSize) {
      K soonest = null;
      long soonestLeft = Long.MAX_VALUE;
      for (Map.Entry<K, Entry<V>> e : entries.entrySet()) {
        long left = e.getValue().expiresAtNanos() - now;
        if (soonest == null || left < soonestLeft) {
          soonest = e.getKey();
          soonestLeft = left;
        }
      }
      if (soonest == null) {
        return;
      }
      entries.remove(soonest);
    }
  }

  private static boolean expired(Entry<?> e, long now) {
    return now - e.expiresAtNanos() >= 0;
  }

  private static long nanosOf(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return 0;
    }
    return d.compareTo(Duration.ofNanos(LONGEST_NANOS)) >= 0 ? LONGEST_NANOS : d.toNanos();
  }
}
