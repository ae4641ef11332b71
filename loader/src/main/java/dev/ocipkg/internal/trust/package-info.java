/**
 * Trust: a containers-policy.json(5) policy that says whose signature a package needs, the cosign
 * signatures that can satisfy it (the {@code sha256-<hex>.sig} simple-signing tag and the sigstore
 * bundle v0.3 referrer), and the verifier that decides before any native code is loaded.
 *
 * <p>Only used when a policy is configured: nothing here may be touched on the warm path, which
 * relies on the verification recorded in the store instead.
 */
@NullMarked
package dev.ocipkg.internal.trust;

import org.jspecify.annotations.NullMarked;
