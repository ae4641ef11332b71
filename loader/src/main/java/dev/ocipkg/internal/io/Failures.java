package dev.ocipkg.internal.io;

import java.io.IOException;

/** Hands a failure caught on one thread to another as it was. */
public final class Failures {
  private Failures() {}

  /**
   * Throws {@code failure} itself if it is an {@link IOException}, a {@link RuntimeException} or an
   * {@link Error} (so that callers can still tell, say, a digest mismatch by its type), else
   * wrapped in an {@code IOException}.
   */
  public static IOException rethrow(Throwable failure) throws IOException {
    if (failure instanceof IOException) {
      throw (IOException) failure;
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    throw new IOException(failure);
  }
}
