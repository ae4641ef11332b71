package dev.ocipkg.internal.source;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.TransferListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports to a {@link TransferListener} how many bytes of a blob have been read so far. */
public final class ProgressInputStream extends FilterInputStream {
  private final Digest digest;
  private final TransferListener listener;
  private long done;

  public ProgressInputStream(InputStream in, Digest digest, TransferListener listener) {
    super(in);
    this.digest = digest;
    this.listener = listener;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      listener.progressed(digest, ++done);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      done += n;
      listener.progressed(digest, done);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      done += skipped;
      listener.progressed(digest, done);
    }
    return skipped;
  }
}
