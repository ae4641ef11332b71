package dev.ocipkg.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/** A body of a declared length on its connection: it ends after that many bytes, not before. */
final class FixedLengthStream extends InputStream {
  private final WireInput in;
  private final long length;
  private long remaining;

  FixedLengthStream(WireInput in, long length) {
    this.in = in;
    this.length = length;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new ProtocolException(
          "the connection ended after " + (length - remaining) + " of " + length + " bytes");
    }
    remaining -= n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }
}
