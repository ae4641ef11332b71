package dev.ocipkg.internal.layer;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * Shields the caller's stream from decompressors that close what they wrap: the caller drains it
 * after extraction so that its digest covers every byte.
 */
final class NonClosingInputStream extends FilterInputStream {
  NonClosingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public void close() {
    // The caller owns the stream.
  }
}
