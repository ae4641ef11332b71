package dev.ocipkg.internal.trust;

import java.io.IOException;

/**
 * The policy refuses a package: the message names the reference, the digest, the policy and the
 * scope that matched, and each signature found with why it did not satisfy the scope (wrong key,
 * payload for another digest, wrong type, keyless only) or that none was found at all. Fetching
 * again does not help; signing the package, or changing the policy, does.
 */
public final class UntrustedPackageException extends IOException {
  private static final long serialVersionUID = 1L;

  public UntrustedPackageException(String message) {
    super(message);
  }
}
