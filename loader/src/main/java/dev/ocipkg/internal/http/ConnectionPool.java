package dev.ocipkg.internal.http;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Idle connections kept for the next request to the same place: at most {@value #MAX_IDLE_PER_KEY}
 * per origin and {@value #MAX_IDLE} in all, none kept longer than {@value #MAX_IDLE_SECONDS} s
 * (servers close idle connections too; one closed under us costs a retry).
 */
final class ConnectionPool {
  private static final int MAX_IDLE_PER_KEY = 8;
  private static final int MAX_IDLE = 64;
  private static final long MAX_IDLE_SECONDS = 30;
  private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(MAX_IDLE_SECONDS);

  private final Map<String, ArrayDeque<Connection>> idle = new HashMap<>();
  private int count;

  /** Whether a sweep of expired connections is scheduled: one at a time, while any is idle. */
  private boolean sweeping;

  /** The most recently used idle connection for {@code key} that is still usable, or null. */
  synchronized @Nullable Connection take(String key) {
    ArrayDeque<Connection> connections = idle.get(key);
    long now = System.nanoTime();
    while (connections != null && !connections.isEmpty()) {
      Connection c = connections.pollLast();
      count--;
      if (now - c.idleSince() < MAX_IDLE_NANOS && c.isReusable()) {
        return c;
      }
      c.close();
    }
    return null;
  }

  /** Keeps {@code c} for a later request, or closes it where the pool is full. */
  synchronized void give(Connection c) {
    long now = System.nanoTime();
    evictExpired(now);
    ArrayDeque<Connection> connections = idle.computeIfAbsent(c.poolKey(), k -> new ArrayDeque<>());
    if (connections.contains(c)) {
      return; // given back twice: kept once, or two requests would share it
    }
    if (!c.isReusable() || count >= MAX_IDLE || connections.size() >= MAX_IDLE_PER_KEY) {
      c.close();
      return;
    }
    c.idleSince(now);
    connections.addLast(c);
    count++;
    if (!sweeping) {
      sweeping = true;
      Watchdog.runAt(this::sweep, now + MAX_IDLE_NANOS);
    }
  }

  /**
   * Closes the connections idle too long, so that a JVM that makes no further request keeps no
   * socket the server has long closed; again later while any connection is idle.
   */
  private synchronized void sweep() {
    long now = System.nanoTime();
    evictExpired(now);
    if (count > 0) {
      Watchdog.runAt(this::sweep, now + MAX_IDLE_NANOS / 2);
    } else {
      sweeping = false;
    }
  }

  /** Closes every idle connection for {@code key}: one of them turned out closed by the server. */
  synchronized void evict(String key) {
    ArrayDeque<Connection> connections = idle.remove(key);
    if (connections != null) {
      count -= connections.size();
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private void evictExpired(long now) {
    for (Iterator<ArrayDeque<Connection>> keys = idle.values().iterator(); keys.hasNext(); ) {
      ArrayDeque<Connection> connections = keys.next();
      for (Iterator<Connection> i = connections.iterator(); i.hasNext(); ) {
        Connection c = i.next();
        if (now - c.idleSince() >= MAX_IDLE_NANOS) {
          i.remove();
          count--;
          c.close();
        }
      }
      if (connections.isEmpty()) {
        keys.remove();
      }
    }
  }
}
