package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One signature found for an image, before it is judged: where it was found, and either its content
 * or why it could not be read.
 */
public sealed interface FoundSignature {
  /** For messages: {@code sha256-….sig layer 0}, {@code referrer sha256:…}. */
  String where();

  /**
   * A layer of the {@code sha256-<hex>.sig} manifest.
   *
   * @param payload the raw bytes the signature covers
   * @param signature the decoded {@code dev.cosignproject.cosign/signature}, or null if absent
   * @param keyless whether the layer carries a Fulcio certificate or chain (keyless signing)
   */
  record SimpleSigning(String where, byte[] payload, byte @Nullable [] signature, boolean keyless)
      implements FoundSignature {}

  /** A sigstore bundle from a referrer manifest. */
  record Bundle(String where, SigstoreBundle bundle) implements FoundSignature {}

  /** A signature that could not be read (malformed, too large, wrong digest). */
  record Unreadable(String where, String why) implements FoundSignature {}

  /**
   * What a search found.
   *
   * @param digest the digest the signatures were looked up for
   * @param signatures at most {@link SignatureFinder#MAX_SIGNATURES}
   * @param notes what else was seen, for a refusal's message (signatures left out, other layers)
   */
  record Found(Digest digest, List<FoundSignature> signatures, List<String> notes) {
    public Found {
      signatures = List.copyOf(signatures);
      notes = List.copyOf(notes);
    }
  }
}
