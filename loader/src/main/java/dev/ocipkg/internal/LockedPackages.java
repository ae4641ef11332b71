package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.lock.LockFileException;
import dev.ocipkg.internal.lock.LockLookup;
import dev.ocipkg.internal.lock.Locked;
import dev.ocipkg.internal.lock.LockedImage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a locked load checks, and how it fails. */
final class LockedPackages {
  private LockedPackages() {}

  /**
   * {@code pkg}, loaded from the digest {@code locked} pins, if its platform manifest is the one
   * the lock pins for its platform.
   *
   * @throws NativeLoadException naming the reference, the lock file, and the expected and found
   *     digests, otherwise
   */
  static NativePackage check(ImageReference reference, Locked locked, NativePackage pkg) {
    LockedImage image = locked.image();
    if (image.pins(pkg.platform(), pkg.digest())) {
      return pkg;
    }
    List<Digest> expected = image.pinnedFor(pkg.platform());
    String platform = pkg.platform() != null ? pkg.platform().toString() : "no named platform";
    String pinned =
        expected.isEmpty()
            ? "the lock pins no manifest for that platform"
            : "the lock pins " + join(expected);
    throw NativeLoadException.builder(
            reference
                + " is locked by "
                + locked.location()
                + " to "
                + image.digest()
                + ", whose manifest for "
                + platform
                + " is "
                + pkg.digest()
                + ", but "
                + pinned
                + "; nothing was loaded")
        .reference(reference.toString())
        .registry(reference.source())
        .platform(platform)
        .hint(
            "the lock file was edited or damaged: regenerate it (ocipkg lock --mode refresh, or mvn"
                + " ocipkg:lock -Docipkg.lock.mode=refresh) and review the change")
        .build();
  }

  /**
   * What the locks pin {@code reference} (a tag) to, or null. Here rather than in {@link
   * PackageLookup}: catching the lock's exception there would load its class on every load, a
   * digest-pinned one too.
   *
   * @throws NativeLoadException if a lock file keeps the tag from being looked up
   */
  static @Nullable Locked find(
      LockLookup locks, ImageReference reference, @Nullable ClassLoader classLoader) {
    try {
      return locks.find(reference.toString(), classLoader);
    } catch (LockFileException e) {
      throw unreadable(reference, e);
    }
  }

  /** A lock file that keeps a tag from being looked up: missing, malformed, or in conflict. */
  static NativeLoadException unreadable(ImageReference reference, LockFileException e) {
    return NativeLoadException.builder(e.getMessage())
        .reference(reference.toString())
        .registry(reference.source())
        .hint(
            "fix or regenerate the lock file (ocipkg lock, or mvn ocipkg:lock), or stop naming it"
                + " (ocipkg.lock.file / OCIPKG_LOCK_FILE)")
        .cause(e)
        .build();
  }

  private static String join(List<Digest> digests) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < digests.size(); i++) {
      s.append(i == 0 ? "" : " or ").append(digests.get(i));
    }
    return s.toString();
  }
}
