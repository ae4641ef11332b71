package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.DaemonThreads;
import dev.ocipkg.internal.io.ForeignText;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
 * pile up threads behind a resolver that answers nothing.
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

  private static final ThreadPoolExecutor THREADS =
      new ThreadPoolExecutor(
          0,
          MAX_RUNNING,
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
    Future<InetAddress[]> lookup;
    try {
      lookup = THREADS.submit(() -> resolver.resolve(host));
    } catch (RejectedExecutionException e) {
      throw new SocketTimeoutException(
          "cannot look up "
              + ForeignText.escape(host)
              + ": "
              + MAX_RUNNING
              + " name lookups are already waiting for the system's resolver");
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
          if (e.getCause() instanceof UnknownHostException) {
            throw (UnknownHostException) e.getCause();
          }
          UnknownHostException unknown = new UnknownHostException(host);
          unknown.initCause(e.getCause());
          throw unknown;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** An IPv4 address in dotted form, or an IPv6 one (it has a colon), which needs no lookup. */
  static boolean isAddressLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }
}
