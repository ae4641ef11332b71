package dev.ocipkg.internal.store;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import java.time.Instant;

/**
 * What a reference resolved to for one platform: the digest the reference named or resolved to (an
 * index or a manifest), the platform manifest chosen from it, that manifest's platform, and when
 * the reference was last checked against its source.
 *
 * @param resolved the digest of what the reference points at (index or manifest)
 * @param manifest the digest of the platform manifest whose package is in the store
 * @param platform the platform of that manifest
 * @param checkedAt when the source last confirmed {@code resolved}
 * @param sourceStamp for a local source, the size and modification time of its index (a changed
 *     layout is seen at once, whatever the TTL); empty for registries
 */
public record ResolutionRecord(
    Digest resolved, Digest manifest, Platform platform, Instant checkedAt, String sourceStamp) {

  /** A copy confirmed by its source at {@code when}. */
  public ResolutionRecord checkedAt(Instant when, String stamp) {
    return new ResolutionRecord(resolved, manifest, platform, when, stamp);
  }
}
