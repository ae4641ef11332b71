package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TLS connection's input with its read timeout kept by the clock. Over TLS the socket's own
 * timeout is per record: records that carry no data (a KeyUpdate, a session ticket, a
 * renegotiation) each start it again inside one read, so a server could hold that read forever.
 * Here a read that has not returned within the timeout closes the connection and fails as the
 * socket's timeout would.
 *
 * <p>Cheap per read (the clock and two volatile writes): one watchdog task per connection checks
 * the read in progress and schedules itself again while reads go on; it stops while none does.
 */
final class ClockedInput extends BulkInputStream implements Runnable {
  private final InputStream in;
  private final Runnable close;

  /** {@link #readStart} while no read is in progress. */
  private static final long NO_READ = Long.MIN_VALUE;

  private volatile long timeoutNanos;

  /**
   * When the read in progress began ({@link System#nanoTime}), or {@link #NO_READ}: one field, so
   * the watchdog never pairs one read's "in progress" with another's start.
   */
  private volatile long readStart = NO_READ;

  private volatile boolean expired;
  private final AtomicBoolean scheduled = new AtomicBoolean();

  ClockedInput(InputStream in, Runnable close, long timeoutNanos) {
    this.in = in;
    this.close = close;
    this.timeoutNanos = timeoutNanos;
  }

  void timeoutNanos(long nanos) {
    timeoutNanos = nanos;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    long start = System.nanoTime();
    readStart = start;
    if (scheduled.compareAndSet(false, true)) {
      Watchdog.runAt(this, start + timeoutNanos);
    }
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      if (expired) {
        throw new SocketTimeoutException("Read timed out");
      }
      throw e;
    } finally {
      readStart = NO_READ;
    }
  }

  @Override
  public void run() {
    long start = readStart;
    if (start == NO_READ) {
      scheduled.set(false);
      // a read that began just now saw the task still scheduled: schedule it for that read
      long again = readStart;
      if (again != NO_READ && scheduled.compareAndSet(false, true)) {
        Watchdog.runAt(this, again + timeoutNanos);
      }
      return;
    }
    long due = start + timeoutNanos;
    if (System.nanoTime() - due >= 0) {
      expired = true;
      close.run();
    } else {
      Watchdog.runAt(this, due);
    }
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
