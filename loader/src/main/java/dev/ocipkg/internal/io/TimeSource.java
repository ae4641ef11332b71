package dev.ocipkg.internal.io;

import java.time.Instant;

/**
 * The loader's one source of time: a monotonic clock for how long things last in this process
 * (token lifetimes, cached answers) and the wall clock for what is recorded across processes (when
 * a tag was last checked). Tests give a fake one, so expiry is tested without sleeping.
 */
public interface TimeSource {
  /** Nanoseconds on a monotonic scale, as {@link System#nanoTime}. */
  long nanoTime();

  /** The current instant of the wall clock. */
  Instant now();

  /** The system's clocks. */
  static TimeSource system() {
    return SystemTime.INSTANCE;
  }
}
