package dev.ocipkg.internal;

import java.io.IOException;

/**
 * Content whose declared size is over what the loader would ever read: refused before a byte of it
 * is downloaded. The message names the content, its declared size and the limit.
 */
final class OversizedContentException extends IOException {
  private static final long serialVersionUID = 1L;

  OversizedContentException(String message) {
    super(message);
  }
}
