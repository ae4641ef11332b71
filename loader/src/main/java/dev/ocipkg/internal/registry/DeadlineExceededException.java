package dev.ocipkg.internal.registry;

import java.net.SocketTimeoutException;

/**
 * A small document did not arrive within its whole-call deadline. A timeout, so a registry that is
 * this slow counts as unreachable (a package cached before may stand in); never retried, since the
 * deadline covers the retries.
 */
public final class DeadlineExceededException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  DeadlineExceededException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }
}
