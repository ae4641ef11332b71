package dev.ocipkg.internal.scan;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;

/**
 * One {@code @NativeImage} as read from a class file (read from bytes, so the annotation class need
 * not be visible to the class's own loader).
 *
 * @param reference the {@code value}
 * @param library the library name, empty for the package's only one
 * @param digest the digest pin, empty for none
 * @param optional whether the application runs without it
 */
public record DeclaredImage(String reference, String library, String digest, boolean optional) {

  /** The reference, pinned to {@link #digest} where one is given. */
  public ImageReference pinnedReference() {
    ImageReference ref = ImageReference.parse(reference);
    return digest.isEmpty() ? ref : ref.withDigest(Digest.parse(digest));
  }
}
