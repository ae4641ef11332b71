package dev.ocipkg.internal.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The content of one entry of an archive, read with positional reads on a channel that other
 * streams share: unlike a channel's own position, {@link FileChannel#read(ByteBuffer, long)} lets
 * several threads read different entries at once.
 */
final class ArchiveEntryStream extends InputStream {
  private final FileChannel channel;
  private final String name;
  private long position;
  private final long end;

  ArchiveEntryStream(FileChannel channel, long offset, long size, String name) {
    this.channel = channel;
    this.position = offset;
    this.end = offset + size;
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    int wanted = (int) Math.min(len, end - position);
    int n = channel.read(ByteBuffer.wrap(b, off, wanted), position);
    if (n < 0) {
      throw new IOException(name + " ends early: the archive is truncated");
    }
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - position);
  }
}
