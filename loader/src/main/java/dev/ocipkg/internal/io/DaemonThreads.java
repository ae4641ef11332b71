package dev.ocipkg.internal.io;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the loader's worker threads: daemons, so that they never keep an application's JVM alive,
 * named {@code <name>-<n>} so that a thread dump (and the benchmarks' profile) tells what they do.
 */
public final class DaemonThreads implements ThreadFactory {
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final String name;

  /**
   * @param name the kind of work, e.g. {@code ocipkg-download}
   */
  public DaemonThreads(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, name + "-" + COUNT.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
