package dev.ocipkg.internal.registry;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** A registry answered with an error status. Carries the status and the OCI error code if any. */
public final class RegistryException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String registry;
  private final int status;
  private final @Nullable String errorCode;

  RegistryException(String message, String registry, int status, @Nullable String errorCode) {
    super(message);
    this.registry = registry;
    this.status = status;
    this.errorCode = errorCode;
  }

  public String registry() {
    return registry;
  }

  public int status() {
    return status;
  }

  /** The OCI error code from the body ({@code MANIFEST_UNKNOWN}, {@code DENIED}, ...), or null. */
  public @Nullable String errorCode() {
    return errorCode;
  }
}
