package dev.ocipkg.cli;

import dev.ocipkg.internal.registry.RegistryException;
import java.io.IOException;

/** The registry refused the credentials that {@code ocipkg login} was to store; none were. */
final class LoginRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  LoginRefusedException(RegistryException refusal) {
    super(refusal.getMessage() + "; nothing was stored", refusal);
  }
}
