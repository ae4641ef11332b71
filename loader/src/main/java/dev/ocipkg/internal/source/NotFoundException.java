package dev.ocipkg.internal.source;

import java.io.IOException;

/** The source does not have the tag, digest or repository asked for. */
public final class NotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
