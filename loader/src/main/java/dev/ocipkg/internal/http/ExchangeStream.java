package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import org.jspecify.annotations.Nullable;

/**
 * A response body on its connection: a read that begins after the deadline fails (with the {@code
 * timeout} message a deadline is known by), and closing it gives the connection back to the pool
 * where the body was read to its end and the server keeps the connection alive, or closes the
 * connection where not, so that no one waits for what a server still has to send. Closing from
 * another thread ends a read in progress at once.
 */
final class ExchangeStream extends BulkInputStream {
  private final Connection connection;
  private final InputStream in;
  private final @Nullable ConnectionPool pool;
  private final @Nullable Long endNanos;
  private volatile boolean ended;
  private volatile boolean closed;

  /**
   * @param body the body's framing on the connection, or null for an answer without a body
   * @param pool where the connection goes back once the body ended, or null where it may not
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
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
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
      throw e;
    }
    if (n < 0) {
      ended = true;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return closed ? 0 : in.available();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ended && pool != null && !connection.isClosed()) {
      pool.give(connection);
    } else {
      connection.close();
    }
  }
}
