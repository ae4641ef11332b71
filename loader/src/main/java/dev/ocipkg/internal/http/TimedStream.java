package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * A {@code java.net.http} body with the read timeout {@link java.net.HttpURLConnection} has: a read
 * still blocked after {@code readTimeout} is ended by closing the stream from the watchdog (which
 * {@code java.net.http} allows from another thread), and, with a deadline, a read that begins after
 * it fails, as {@link ExchangeStream}'s do.
 */
final class TimedStream extends BulkInputStream {
  private final InputStream in;
  private final Duration readTimeout;
  private final @Nullable Long endNanos;

  /** Null while no read has been cut; else what cut it. */
  private volatile @Nullable InterruptedIOException cut;

  TimedStream(InputStream in, Duration readTimeout, @Nullable Long endNanos) {
    this.in = in;
    this.readTimeout = readTimeout;
    this.endNanos = endNanos;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    long now = System.nanoTime();
    if (endNanos != null && now - endNanos >= 0) {
      throw new InterruptedIOException("timeout"); // as a deadline's is known by
    }
    InterruptedIOException earlier = cut;
    if (earlier != null) {
      throw earlier;
    }
    long limit = now + readTimeout.toNanos();
    boolean deadlineFirst = endNanos != null && endNanos - limit < 0;
    Future<?> watchdog =
        Watchdog.runAt(
            () ->
                expire(
                    deadlineFirst
                        ? new InterruptedIOException("timeout")
                        : new SocketTimeoutException("Read timed out")), // as HttpURLConnection's
            deadlineFirst ? endNanos : limit);
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      InterruptedIOException why = cut;
      if (why != null) {
        throw why;
      }
      throw e;
    } finally {
      watchdog.cancel(false);
    }
  }

  private void expire(InterruptedIOException why) {
    cut = why;
    try {
      in.close();
    } catch (IOException e) {
      // closing is what ends the read; nothing more to do
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
