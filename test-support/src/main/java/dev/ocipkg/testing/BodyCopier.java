package dev.ocipkg.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams one HTTP/1.1 message body from one socket to another as it is framed on the wire, and
 * applies a response fault to its content bytes: chunk framing passes untouched, so offsets count
 * content bytes whether the body is sized, chunked or delimited by the close.
 */
final class BodyCopier {
  /** How the end of a body is found (RFC 9112 section 6.3). */
  enum Framing {
    NONE,
    FIXED,
    CHUNKED,
    UNTIL_CLOSE
  }

  private final long flipAt;
  private final long cutAfter;
  private final byte[] buffer = new byte[16 * 1024];
  private long position;

  private BodyCopier(long flipAt, long cutAfter) {
    this.flipAt = flipAt;
    this.cutAfter = cutAfter;
  }

  static BodyCopier plain() {
    return new BodyCopier(-1, Long.MAX_VALUE);
  }

  /** Inverts the content byte at {@code offset}. */
  static BodyCopier flipping(long offset) {
    return new BodyCopier(offset, Long.MAX_VALUE);
  }

  /** Stops after {@code contentBytes}. */
  static BodyCopier cutting(long contentBytes) {
    return new BodyCopier(-1, contentBytes);
  }

  static Framing requestFraming(HttpHead request) throws IOException {
    if (request.chunked()) {
      return Framing.CHUNKED;
    }
    return request.contentLength() >= 0 ? Framing.FIXED : Framing.NONE;
  }

  static Framing responseFraming(HttpHead response, String requestMethod) throws IOException {
    int status = response.status();
    if (requestMethod.equals("HEAD") || status < 200 || status == 204 || status == 304) {
      return Framing.NONE;
    }
    if (response.chunked()) {
      return Framing.CHUNKED;
    }
    return response.contentLength() >= 0 ? Framing.FIXED : Framing.UNTIL_CLOSE;
  }

  /**
   * Copies the body that {@code head} announces.
   *
   * @return false when the copy stopped at the cut point before the body's end
   */
  boolean copy(InputStream in, OutputStream out, Framing framing, HttpHead head)
      throws IOException {
    return switch (framing) {
      case NONE -> true;
      case FIXED -> copyContent(in, out, head.contentLength(), true);
      case UNTIL_CLOSE -> copyContent(in, out, Long.MAX_VALUE, false);
      case CHUNKED -> copyChunks(in, out);
    };
  }

  private boolean copyChunks(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = HttpHead.requireLine(in);
      writeLine(out, sizeLine);
      long size = chunkSize(sizeLine);
      if (size == 0) {
        for (String trailer; !(trailer = HttpHead.requireLine(in)).isEmpty(); ) {
          writeLine(out, trailer);
        }
        writeLine(out, "");
        return true;
      }
      if (!copyContent(in, out, size, true)) {
        return false;
      }
      if (!HttpHead.requireLine(in).isEmpty()) {
        throw new IOException("chunk of " + size + " bytes not followed by CRLF");
      }
      writeLine(out, "");
    }
  }

  private boolean copyContent(InputStream in, OutputStream out, long length, boolean exact)
      throws IOException {
    long remaining = length;
    while (remaining > 0) {
      if (position >= cutAfter) {
        return false;
      }
      int want = (int) Math.min(buffer.length, Math.min(remaining, cutAfter - position));
      int n = in.read(buffer, 0, want);
      if (n < 0) {
        if (exact) {
          throw new EOFException(
              "body ended after " + (length - remaining) + " of " + length + " bytes");
        }
        return true;
      }
      if (flipAt >= position && flipAt < position + n) {
        int at = (int) (flipAt - position);
        buffer[at] = (byte) ~buffer[at];
      }
      out.write(buffer, 0, n);
      position += n;
      remaining -= n;
    }
    return true;
  }

  private static long chunkSize(String sizeLine) throws IOException {
    int end = sizeLine.indexOf(';');
    String hex = (end < 0 ? sizeLine : sizeLine.substring(0, end)).trim();
    try {
      long size = Long.parseLong(hex, 16);
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size line \"" + sizeLine + "\"", e);
    }
  }

  private static void writeLine(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }
}
