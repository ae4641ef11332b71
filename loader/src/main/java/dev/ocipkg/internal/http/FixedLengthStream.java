package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.net.ProtocolException;

/** A body of a declared length on its connection: it ends after that many bytes, not before. */
final class FixedLengthStream extends BulkInputStream {
  private final WireInput in;
  private final long length;
  private long remaining;

  FixedLengthStream(WireInput in, long length) {
    this.in = in;
    this.length = length;
    this.remaining = length;
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
