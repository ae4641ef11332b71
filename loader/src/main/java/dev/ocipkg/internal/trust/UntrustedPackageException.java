package dev.ocipkg.internal.trust;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The policy refuses a package: the message names the reference, the digest, the policy and the
 * scope that matched, and each signature found with why it did not satisfy the scope (wrong key,
 * payload for another digest, wrong type, keyless only) or that none was found at all. Fetching
 * again does not help; signing the package, or changing the policy, does.
 */
public final class UntrustedPackageException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final String HINT = "\nHint: ";

  public UntrustedPackageException(String message) {
    super(message);
  }

  /** The message without its closing {@code Hint:} line, for a front end that shows hints apart. */
  public String problem() {
    String message = String.valueOf(getMessage());
    int at = message.indexOf(HINT);
    return at < 0 ? message : message.substring(0, at);
  }

  /** The text of the closing {@code Hint:} line, or null where there is none. */
  public @Nullable String hint() {
    String message = String.valueOf(getMessage());
    int at = message.indexOf(HINT);
    return at < 0 ? null : message.substring(at + HINT.length());
  }
}
