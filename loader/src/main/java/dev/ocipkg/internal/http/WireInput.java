package dev.ocipkg.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A connection's incoming bytes, buffered, with lines read under a bound: an HTTP head is text
 * whose lines a hostile server could make endless, so no line is taken past the length its caller
 * allows.
 */
final class WireInput extends InputStream {
  private final InputStream in;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private long received;

  WireInput(InputStream in) {
    this.in = in;
  }

  /**
   * The next line without its end (CR LF, or a bare LF), as ISO-8859-1 text; null at the end of the
   * stream before any byte of it. Each wait for more bytes is bounded by the socket's read timeout,
   * and the whole line by {@code untilNanos} ({@link System#nanoTime}): a server that trickles a
   * line one byte per read timeout cannot hold it longer.
   *
   * @throws ProtocolException if the line is longer than {@code maxBytes}; {@code what} names it
   * @throws SocketTimeoutException if the line is not in by {@code untilNanos}
   */
  @Nullable String readLine(int maxBytes, String what, long untilNanos) throws IOException {
    StringBuilder line = null;
    while (true) {
      if (position == limit && System.nanoTime() - untilNanos > 0) {
        throw new SocketTimeoutException("Read timed out");
      }
      if (position == limit && !fill()) {
        if (line == null) {
          return null;
        }
        throw new ProtocolException("the connection ended inside " + what);
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int taken = (line == null ? 0 : line.length()) + (position - start);
      if (taken > maxBytes + 1) { // + 1: the CR of a CR LF
        throw new ProtocolException(what + " is longer than " + maxBytes + " bytes");
      }
      if (line == null) {
        line = new StringBuilder(Math.min(taken + 16, 256));
      }
      line.append(new String(buffer, start, position - start, StandardCharsets.ISO_8859_1));
      if (position < limit) {
        position++; // the LF
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
    }
  }

  /** How many bytes this connection has received so far. */
  long received() {
    return received;
  }

  /** Whether bytes arrived that no one has read yet (on an idle connection: unasked for). */
  boolean hasBuffered() {
    return position < limit;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    received += n;
    return true;
  }

  @Override
  public int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position == limit) {
      if (len >= buffer.length) { // a large read goes straight to the socket
        int n = in.read(b, off, len);
        if (n > 0) {
          received += n;
        }
        return n;
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(buffer, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return limit - position;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
