package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A response body on its connection. With a deadline, a read that begins after it fails, and one in
 * progress when it passes is ended by the watchdog closing the connection ({@link #closeAt}); both
 * fail with the {@code timeout} message a deadline is known by. Closing the body gives the
 * connection back to the pool where the body was read to its end and the server keeps the
 * connection alive, or closes the connection where not, so that no one waits for what a server
 * still has to send. Closing from another thread ends a read in progress at once.
 */
final class ExchangeStream extends BulkInputStream {
  private final Connection connection;
  private final InputStream in;
  private final @Nullable ConnectionPool pool;
  private final @Nullable Long endNanos;
  private final CutOff cut = new CutOff();
  private volatile boolean ended;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param body the body's framing on the connection, or null for an answer without a body
   * @param pool where the connection goes back once the body ended, or null where it may not
   * @param endNanos the body's deadline ({@link System#nanoTime}), or null for none
   */
  ExchangeStream(
      Connection connection,
      @Nullable InputStream body,
      @Nullable ConnectionPool pool,
      @Nullable Long endNanos) {
    this.connection = connection;
    this.in = body == null ? InputStream.nullInputStream() : body;
    this.pool = pool;
    this.endNanos = endNanos;
    this.ended = body == null;
    cut.watch(connection);
  }

  /** Closes the connection at {@code nanos} ({@link System#nanoTime}) if the body is still open. */
  void closeAt(long nanos) {
    if (!ended) {
      cut.armAt(nanos, false);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed.get()) {
      throw new IOException("the response body was closed");
    }
    if (endNanos != null && System.nanoTime() - endNanos >= 0) {
      throw new InterruptedIOException("timeout");
    }
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      connection.close(); // its framing is lost: it carries nothing more
      if (cut.fired()) {
        throw new InterruptedIOException("timeout");
      }
      throw e;
    }
    if (n < 0) {
      ended = true;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return closed.get() ? 0 : in.available();
  }

  /** Closes it and its connection, which goes back to no pool whatever was read. */
  void abandon() {
    closed.set(true);
    cut.disarm();
    connection.close();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean inTime = cut.disarm(); // decided once: a watchdog that fires now closes nothing more
    if (inTime && ended && pool != null && !connection.isClosed()) {
      pool.give(connection);
    } else {
      connection.close();
    }
  }
}
