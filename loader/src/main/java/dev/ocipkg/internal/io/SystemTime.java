package dev.ocipkg.internal.io;

import java.time.Instant;

/** The system's clocks; a named enum, not a lambda (it may be made on the warm path). */
enum SystemTime implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
