package dev.ocipkg.tools.lock;

/**
 * A reference that cannot be locked as given: malformed, or not a registry tag. A usage error; the
 * message names each one and where it was declared.
 */
public final class LockRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public LockRequestException(String message) {
    super(message);
  }
}
