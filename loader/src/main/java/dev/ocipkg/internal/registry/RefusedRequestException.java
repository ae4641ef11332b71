package dev.ocipkg.internal.registry;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A step that ocipkg refuses to take, or an answer it cannot use, where trying again cannot help:
 * credentials over plain http, a plain-http token realm, a redirect from https to http, too many
 * redirects, a challenge from an origin the credentials do not belong to, a token service that
 * answers without a token. Never retried, never taken for an unreachable registry (so no cached
 * package stands in for it); the message says what was refused and why, the hint what to do.
 */
public final class RefusedRequestException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String registry;
  private final @Nullable String hint;

  RefusedRequestException(String message, String registry, @Nullable String hint) {
    super(message);
    this.registry = registry;
    this.hint = hint;
  }

  /** The registry whose request was refused (host[:port]). */
  public String registry() {
    return registry;
  }

  /** What to do about it, or null. */
  public @Nullable String hint() {
    return hint;
  }
}
