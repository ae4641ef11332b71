package dev.ocipkg.cli;

import dev.ocipkg.internal.registry.RegistryException;
import java.io.IOException;

/** The check of {@code ocipkg login} failed, so nothing was stored; the hint says what to try. */
final class LoginRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String hint;

  LoginRefusedException(RegistryException refusal, String hint) {
    super(refusal.getMessage() + "; nothing was stored", refusal);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
