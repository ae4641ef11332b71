package dev.ocipkg.internal.lock;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;

/**
 * One platform manifest of a locked image: {@code linux/amd64 sha256:…}.
 *
 * @param platform the platform its index entry (or image config) names; {@link #UNNAMED} where it
 *     names none
 * @param digest the manifest's digest
 */
public record LockedManifest(Platform platform, Digest digest)
    implements Comparable<LockedManifest> {
  /** The platform written for a manifest that names none, as the store records it. */
  public static final Platform UNNAMED = Platform.of("unknown", "unknown", null);

  @Override
  public int compareTo(LockedManifest o) {
    int byPlatform = platform.toString().compareTo(o.platform.toString());
    return byPlatform != 0 ? byPlatform : digest.toString().compareTo(o.digest.toString());
  }
}
