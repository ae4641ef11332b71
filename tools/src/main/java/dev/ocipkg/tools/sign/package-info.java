/**
 * Signing for package authors: a private key, and the cosign signatures made with it in both forms
 * that the loader verifies (the {@code sha256-<hex>.sig} simple-signing image and the sigstore
 * bundle v0.3 referrer), as bytes and descriptors ready to push.
 */
@NullMarked
package dev.ocipkg.tools.sign;

import org.jspecify.annotations.NullMarked;
