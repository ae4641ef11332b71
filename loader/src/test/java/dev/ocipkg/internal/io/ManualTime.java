package dev.ocipkg.internal.io;

import java.time.Duration;
import java.time.Instant;

/** A time source that moves only when a test says so. */
public final class ManualTime implements TimeSource {
  private long nanos = 1_000_000_000L;
  private Instant wall = Instant.parse("2026-12-01T12:00:00Z");

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return wall;
  }

  /** Moves both clocks forward by {@code d}. */
  public synchronized void advance(Duration d) {
    nanos += d.toNanos();
    wall = wall.plus(d);
  }
}
