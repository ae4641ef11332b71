package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import org.jspecify.annotations.Nullable;

/**
 * A response body on its connection: a read that begins after the deadline fails (with the {@code
 * timeout} message a deadline is known by), and closing it returns the connection to the keep-alive
 * pool where the body was read to its end, or drops the connection where it was not, so that no one
 * waits for what a server still has to send.
 */
final class ExchangeStream extends BulkInputStream {
  private final InputStream in;
  private final HttpURLConnection connection;
  private final @Nullable Long endNanos;
  private boolean ended;
  private boolean closed;

  ExchangeStream(
      HttpURLConnection connection, @Nullable InputStream body, @Nullable Long endNanos) {
    this.in = body == null ? InputStream.nullInputStream() : body;
    this.connection = connection;
    this.endNanos = endNanos;
    this.ended = body == null;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (endNanos != null && System.nanoTime() - endNanos >= 0) {
      throw new InterruptedIOException("timeout");
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      ended = true;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (ended) {
      in.close(); // the connection goes back to the pool
    } else {
      connection.disconnect();
    }
  }
}
