package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.DaemonThreads;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends an exchange whose time is up ({@link CutOff}): the read timeout alone is per read, so a
 * server that trickles its headers would otherwise hold a request without end, and the write of an
 * upload has no timeout at all. One daemon thread, made with the first deadline.
 */
final class Watchdog {
  private Watchdog() {}

  private static final class Timer {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(1, new DaemonThreads("ocipkg-http-deadline"));
      t.setRemoveOnCancelPolicy(true);
      return t;
    }
  }

  /** Runs {@code task} at {@code endNanos} ({@link System#nanoTime}) unless cancelled first. */
  static Future<?> runAt(Runnable task, long endNanos) {
    return Timer.TIMER.schedule(
        task, Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
