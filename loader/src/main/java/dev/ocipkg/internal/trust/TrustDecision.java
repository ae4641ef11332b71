package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import java.util.List;

/**
 * A policy's acceptance of a package: what to record in the store so that later loads of the same
 * digest under the same policy need not verify again.
 *
 * @param reference the reference as written
 * @param digest the digest that was verified (the one the reference resolved to)
 * @param scope the policy scope that applied
 * @param policyFingerprint {@link TrustPolicy#fingerprint()}
 * @param acceptedBy for each requirement, what satisfied it ({@code insecureAcceptAnything}, or
 *     {@code simple signing by ECDSA_P256 key 1a2b… on sha256:…})
 */
public record TrustDecision(
    String reference,
    Digest digest,
    PolicyScope scope,
    String policyFingerprint,
    List<String> acceptedBy) {
  public TrustDecision {
    acceptedBy = List.copyOf(acceptedBy);
  }
}
