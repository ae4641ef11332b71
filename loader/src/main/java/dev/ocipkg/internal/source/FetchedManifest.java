package dev.ocipkg.internal.source;

import dev.ocipkg.Digest;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A manifest or index as its source served it, verified against its digest.
 *
 * @param bytes the exact bytes served (what the digest covers)
 * @param digest the verified digest of {@code bytes}
 * @param contentType the media type the source declared, or null
 */
public record FetchedManifest(byte[] bytes, Digest digest, @Nullable String contentType) {
  /** The most bytes a manifest may have: a guard against a hostile or broken source. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /**
   * Verifies {@code bytes}: against {@code expected} where the caller pinned a digest, else against
   * {@code declared} (the source's own claim, e.g. {@code Docker-Content-Digest}), else takes their
   * sha256.
   *
   * @throws DigestMismatchException naming {@code where}, if a digest does not match
   */
  public static FetchedManifest verify(
      byte[] bytes,
      @Nullable String contentType,
      @Nullable Digest expected,
      @Nullable Digest declared,
      String where)
      throws IOException {
    if (expected != null
        && declared != null
        && expected.algorithm().equals(declared.algorithm())
        && !declared.equals(expected)) {
      throw new DigestMismatchException(
          where + " declares digest " + declared + " but " + expected + " was asked for");
    }
    Digest reference = expected != null ? expected : declared;
    if (reference == null) {
      return new FetchedManifest(bytes, Digest.sha256(bytes), contentType);
    }
    byte[] actual = reference.newMessageDigest().digest(bytes);
    if (!reference.matches(actual)) {
      throw new DigestMismatchException(
          "manifest from "
              + where
              + " does not match its digest: expected "
              + reference
              + ", got "
              + Digest.of(reference.algorithm(), actual));
    }
    return new FetchedManifest(bytes, reference, contentType);
  }
}
