package dev.ocipkg.internal.trust;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A trust input that cannot be used: a policy file, a public key, a signature payload or a bundle
 * that is malformed. The message names where it came from, the JSON path or PEM part that is wrong,
 * and quotes the value (escaped; key bytes are never quoted).
 */
public final class TrustFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TrustFormatException(String message) {
    super(message);
  }

  public TrustFormatException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
