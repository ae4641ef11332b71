package dev.ocipkg.internal.lock;

/**
 * A lock file that cannot be read: missing, unreadable, or malformed. The message names the file
 * and, for a malformed one, the line ({@code /app/ocipkg.lock line 7: …}), foreign text escaped.
 */
public final class LockFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LockFileException(String message) {
    super(message);
  }

  public LockFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
