package dev.ocipkg.internal.lock;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One reference of a lock file: the tag as the user wrote it, the digest it resolved to (an index,
 * or a single manifest), and the platform manifests that digest leads to, sorted.
 *
 * @param written the reference as written by the user ({@code ghcr.io/acme/libfoo:1.2})
 * @param reference the same, parsed (the canonical form that lookups compare)
 * @param digest what the tag resolved to
 * @param manifests its platform manifests, sorted by platform then digest
 */
public record LockedImage(
    String written, ImageReference reference, Digest digest, List<LockedManifest> manifests)
    implements Comparable<LockedImage> {

  public LockedImage {
    List<LockedManifest> sorted = new ArrayList<>(manifests);
    Collections.sort(sorted);
    manifests = List.copyOf(sorted);
  }

  /** The key lookups compare: the canonical form of the reference. */
  public String key() {
    return reference.toString();
  }

  /**
   * Whether {@code manifest} is the one this lock pins for {@code platform} (null or {@link
   * LockedManifest#UNNAMED}: a manifest that names none).
   */
  public boolean pins(@Nullable Platform platform, Digest manifest) {
    Platform p = platform != null ? platform : LockedManifest.UNNAMED;
    for (int i = 0; i < manifests.size(); i++) {
      LockedManifest m = manifests.get(i);
      if (m.platform().equals(p) && m.digest().equals(manifest)) {
        return true;
      }
    }
    return false;
  }

  /** The digests this lock pins for {@code platform}, for a message; empty if none. */
  public List<Digest> pinnedFor(@Nullable Platform platform) {
    Platform p = platform != null ? platform : LockedManifest.UNNAMED;
    List<Digest> pinned = new ArrayList<>();
    for (int i = 0; i < manifests.size(); i++) {
      if (manifests.get(i).platform().equals(p)) {
        pinned.add(manifests.get(i).digest());
      }
    }
    return pinned;
  }

  @Override
  public int compareTo(LockedImage o) {
    return written.compareTo(o.written);
  }
}
