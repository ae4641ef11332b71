package dev.ocipkg.internal.source;

import java.io.IOException;

/** Content did not match its digest or declared size: it was altered, truncated or padded. */
public final class DigestMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public DigestMismatchException(String message) {
    super(message);
  }
}
