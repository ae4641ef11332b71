package dev.ocipkg.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The proxy's side of a client socket: counts the bytes sent down and, under a throttle, writes
 * them in small slices spaced so that each response keeps to the rate. Unbuffered: every write goes
 * to the socket, so a cut leaves nothing held back.
 */
final class PacedOutputStream extends OutputStream {
  static final long UNLIMITED = Long.MAX_VALUE;

  private final OutputStream socket;
  private final LongSupplier bytesPerSecond;
  private final AtomicLong counter;
  private long clockStart;
  private long sentSinceStart;
  private long rateAtStart;

  PacedOutputStream(OutputStream socket, LongSupplier bytesPerSecond, AtomicLong counter) {
    this.socket = socket;
    this.bytesPerSecond = bytesPerSecond;
    this.counter = counter;
    restartClock();
  }

  /** Paces from now on: idle time between responses does not earn a burst. */
  void restartClock() {
    clockStart = System.nanoTime();
    sentSinceStart = 0;
    rateAtStart = bytesPerSecond.getAsLong();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      long rate = bytesPerSecond.getAsLong();
      if (rate != rateAtStart) {
        restartClock(); // throttle changed mid-response: pace the rest at the new rate
      }
      int slice =
          rate == UNLIMITED
              ? length
              : (int) Math.min(length, Math.max(1, Math.min(16 * 1024, rate / 20)));
      socket.write(bytes, offset, slice);
      counter.addAndGet(slice);
      sentSinceStart += slice;
      offset += slice;
      length -= slice;
      if (rate != UNLIMITED) {
        pace(rate);
      }
    }
  }

  private void pace(long rate) throws InterruptedIOException {
    long due = clockStart + (long) (sentSinceStart * 1e9 / rate);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("fault proxy closed while throttling");
      }
    }
  }

  @Override
  public void flush() throws IOException {
    socket.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
