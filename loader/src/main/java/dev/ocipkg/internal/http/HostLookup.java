package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.DaemonThreads;
import dev.ocipkg.internal.io.ForeignText;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Name lookups within a time limit. {@link InetAddress#getAllByName} waits as long as the system's
 * resolver does (with a broken or hostile DNS server, its retries over several servers take many
 * seconds), and nothing interrupts it. So a lookup runs on a daemon thread of its own, and the
 * caller waits at most the connect timeout, or until its exchange's time is up: a lookup still
 * running then is left to end on its thread (the resolver's own timeouts end it) and its answer is
 * dropped. At most {@value #MAX_RUNNING} run at once; past that, a lookup fails at once rather than
 * pile up threads behind a resolver that answers nothing. What the lookup throws is thrown to the
 * caller as it is (an {@code Error} included), as it would be on the caller's own thread.
 *
 * <p>An IP address literal needs no lookup: it is parsed on the caller's thread.
 */
final class HostLookup {
  /** Where names are looked up: the system's resolver, or a test's. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  static final Resolver SYSTEM = InetAddress::getAllByName;

  static final int MAX_RUNNING = 16;

  /** How often a waiting caller looks whether its exchange's time is up. */
  private static final long POLL_MILLIS = 50;

  /** Lookups in flight: taken before one is handed to a thread, given back when it ends. */
  private static final Semaphore RUNNING = new Semaphore(MAX_RUNNING);

  /**
   * Room for twice as many threads as lookups: a thread whose lookup has just ended is not idle
   * yet, and a new lookup must not be refused for it.
   */
  private static final ThreadPoolExecutor THREADS =
      new ThreadPoolExecutor(
          0,
          2 * MAX_RUNNING,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          new DaemonThreads("ocipkg-dns"));

  private HostLookup() {}

  /**
   * The addresses of {@code host}, looked up within {@code timeoutMillis}.
   *
   * @throws UnknownHostException if the resolver knows no such host
   * @throws SocketTimeoutException if it does not answer in time, or {@code cut} fires first
   */
  static InetAddress[] addresses(String host, int timeoutMillis, CutOff cut, Resolver resolver)
      throws UnknownHostException, SocketTimeoutException {
    if (isAddressLiteral(host)) {
      return resolver.resolve(host);
    }
    if (!RUNNING.tryAcquire()) {
      throw new SocketTimeoutException(
          "cannot look up "
              + ForeignText.escape(host)
              + ": "
              + MAX_RUNNING
              + " name lookups are already waiting for the system's resolver");
    }
    Future<InetAddress[]> lookup;
    try {
      lookup =
          THREADS.submit(
              () -> {
                try {
                  return resolver.resolve(host);
                } finally {
                  RUNNING.release();
                }
              });
    } catch (RejectedExecutionException e) {
      RUNNING.release();
      throw new SocketTimeoutException(
          "cannot look up " + ForeignText.escape(host) + ": no thread to look it up on");
    }
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMillis));
    boolean interrupted = false;
    try {
      while (true) {
        long left = end - System.nanoTime();
        if (left <= 0 || cut.fired()) {
          lookup.cancel(true);
          throw new SocketTimeoutException(
              "the name lookup of "
                  + ForeignText.escape(host)
                  + " did not end within "
                  + timeoutMillis
                  + " ms");
        }
        try {
          return lookup.get(
              Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // look at the time and the cut-off again
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof UnknownHostException) {
            throw (UnknownHostException) cause;
          }
          if (cause instanceof Error) {
            throw (Error) cause; // as on the caller's own thread: not an unknown host
          }
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          UnknownHostException unknown = new UnknownHostException(host);
          unknown.initCause(cause);
          throw unknown;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether {@code host} is certainly an address the JDK parses without a lookup: four decimal
   * numbers of 0 to 255, or an IPv6 address (hexadecimal digits, colons and the dots of an embedded
   * IPv4 address, bracketed or not). Anything else (a name, {@code proxy:3128}, {@code 1.2.3.256},
   * the short forms {@code 127.1}) goes to a lookup thread, which is always safe.
   */
  static boolean isAddressLiteral(String host) {
    String h =
        host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
            ? host.substring(1, host.length() - 1)
            : host;
    return h.indexOf(':') >= 0 ? isIpv6(h) : h == host && isIpv4(h);
  }

  private static boolean isIpv6(String h) {
    if (h.charAt(0) == '.') {
      return false; // the JDK takes what does not start with a digit or a colon for a name
    }
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** Four parts of 0 to 255, without leading zeros (which the JDK may read as a name). */
  private static boolean isIpv4(String h) {
    int parts = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i <= h.length(); i++) {
      char c = i < h.length() ? h.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || ++parts > 4) {
          return false;
        }
        digits = 0;
        value = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return false; // a leading zero
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return false;
        }
      } else {
        return false;
      }
    }
    return parts == 4;
  }
}
