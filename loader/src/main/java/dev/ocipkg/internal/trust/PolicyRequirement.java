package dev.ocipkg.internal.trust;

import java.util.List;

/**
 * One requirement of a policy scope (containers-policy.json(5)); every requirement of the matched
 * scope must be satisfied. Sealed, so that keyless ({@code fulcio}) or GPG ({@code signedBy}) trust
 * can be added later as a new case that every switch must then handle.
 */
public sealed interface PolicyRequirement {
  /** {@code {"type":"insecureAcceptAnything"}}: accepts any image. */
  record InsecureAcceptAnything() implements PolicyRequirement {}

  /** {@code {"type":"reject"}}: refuses every image. */
  record Reject() implements PolicyRequirement {}

  /**
   * {@code {"type":"sigstoreSigned", "keyPath"|"keyPaths"|"keyData"|"keyDatas", "signedIdentity"}}:
   * a cosign signature by one of {@code keys}.
   */
  record SigstoreSigned(List<TrustedKey> keys, SignedIdentity signedIdentity)
      implements PolicyRequirement {
    public SigstoreSigned {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("sigstoreSigned needs at least one key");
      }
    }
  }

  /**
   * A requirement that the policy may state but ocipkg cannot check ({@code signedBy} GPG keys,
   * keyless {@code fulcio}/{@code rekorPublicKeyPath} trust, {@code pki}): parsed so that a policy
   * shared with podman or skopeo still loads, and refusing every image of a scope that needs it.
   *
   * @param what the requirement as the policy spells it, for messages
   * @param why why ocipkg cannot check it, and what to do instead
   */
  record Unsupported(String what, String why) implements PolicyRequirement {}
}
