package dev.ocipkg.internal.source;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Passes a blob through while checking it: counts its bytes against the declared size (failing the
 * moment there are more), hashes them, and copies them to {@code tee} (the temp file that becomes
 * the stored blob). At the end of the stream the digest is compared. Each byte is read once:
 * whoever reads this stream (the layer extractor) drives the hashing and the copy.
 */
public final class VerifyingInputStream extends BulkInputStream {
  private final InputStream in;
  private final Digest expected;
  private final long size;
  private final @Nullable OutputStream tee;
  private final String where;
  private final MessageDigest digest;
  private long count;
  private boolean verified;

  public VerifyingInputStream(
      InputStream in, Digest expected, long size, @Nullable OutputStream tee, String where) {
    this.in = in;
    this.expected = expected;
    this.size = size;
    this.tee = tee;
    this.where = where;
    this.digest = expected.newMessageDigest();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      verifyAtEnd();
      return -1;
    }
    count += n;
    if (count > size) {
      throw new DigestMismatchException(
          where + " is larger than its declared size of " + size + " bytes");
    }
    digest.update(b, off, n);
    if (tee != null) {
      tee.write(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be hashed and copied.
    byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads what the consumer left unread, then checks size and digest. */
  public void drainAndVerify() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashing and copying happen in read
    }
    if (!verified) {
      verifyAtEnd();
    }
  }

  private void verifyAtEnd() throws IOException {
    if (verified) {
      return;
    }
    if (count != size) {
      throw new DigestMismatchException(
          where + " ended after " + count + " bytes; its declared size is " + size);
    }
    byte[] actual = digest.digest();
    if (!expected.matches(actual)) {
      throw new DigestMismatchException(
          where
              + " does not match its digest: expected "
              + expected
              + ", got "
              + Digest.of(expected.algorithm(), actual));
    }
    verified = true;
  }
}
