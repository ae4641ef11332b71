package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.net.ProtocolException;

/**
 * A chunked body (RFC 9112, 7.1) on its connection. It ends at the last chunk and its trailer
 * fields, which are read and dropped under a bound ({@value #MAX_TRAILER_BYTES} bytes, {@value
 * #MAX_TRAILER_LINES} lines): a server that sends trailers without end gets an error, not a read
 * that never returns. The framing between chunks (the line ending a chunk, the next size line, the
 * trailers) must arrive within {@code framingNanos} in all, so that a server that trickles it one
 * byte per read timeout cannot hold a read for hours either.
 */
final class ChunkedStream extends BulkInputStream {
  private static final int MAX_SIZE_LINE_BYTES = 4096;
  private static final int MAX_TRAILER_BYTES = 16 * 1024;
  private static final int MAX_TRAILER_LINES = 64;

  private final WireInput in;
  private final String origin;
  private final long framingNanos;
  private long remaining; // of the current chunk
  private boolean started;
  private boolean ended;

  ChunkedStream(WireInput in, String origin, long framingNanos) {
    this.in = in;
    this.origin = origin;
    this.framingNanos = framingNanos;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      nextChunk();
      if (ended) {
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new ProtocolException("the connection to " + origin + " ended inside a chunk");
    }
    remaining -= n;
    return n;
  }

  private void nextChunk() throws IOException {
    long until = System.nanoTime() + framingNanos;
    if (started) {
      String end = in.readLine(0, "the end of a chunk from " + origin, until);
      if (end == null || !end.isEmpty()) {
        throw new ProtocolException(origin + " sent a chunk longer than its size");
      }
    }
    started = true;
    String line = in.readLine(MAX_SIZE_LINE_BYTES, "a chunk size line from " + origin, until);
    if (line == null) {
      throw new ProtocolException("the connection to " + origin + " ended before the last chunk");
    }
    long size = sizeOf(line);
    if (size < 0) {
      throw new ProtocolException(origin + " sent a malformed chunk size");
    }
    if (size == 0) {
      skipTrailers(until);
      ended = true;
      return;
    }
    remaining = size;
  }

  /** The hexadecimal size before any chunk extension ({@code ;name=value}), or -1. */
  private static long sizeOf(String line) {
    int end = line.indexOf(';');
    String hex = (end < 0 ? line : line.substring(0, end)).strip();
    if (hex.isEmpty() || hex.length() > 15) {
      return -1;
    }
    long size = 0;
    for (int i = 0; i < hex.length(); i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      size = size * 16 + digit;
    }
    return size;
  }

  private void skipTrailers(long until) throws IOException {
    int bytes = 0;
    for (int lines = 0; ; lines++) {
      String line = in.readLine(MAX_TRAILER_BYTES, "the trailer fields from " + origin, until);
      if (line == null) {
        throw new ProtocolException("the connection to " + origin + " ended inside the trailers");
      }
      if (line.isEmpty()) {
        return;
      }
      bytes += line.length() + 2;
      if (bytes > MAX_TRAILER_BYTES || lines >= MAX_TRAILER_LINES) {
        throw new ProtocolException(
            origin
                + " sent trailer fields beyond the bound ("
                + MAX_TRAILER_LINES
                + " lines, "
                + MAX_TRAILER_BYTES / 1024
                + " KiB)");
      }
    }
  }
}
