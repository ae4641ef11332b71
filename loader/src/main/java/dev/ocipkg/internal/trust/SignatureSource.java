package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Where the signatures of an image are looked for: the repository that the image came from (a
 * registry repository, or an OCI layout). Thin transport only: {@link SignatureFinder} decides what
 * to fetch, bounds it, and checks what comes back.
 */
public interface SignatureSource {
  /** Where the signatures come from, for messages: {@code ghcr.io/acme/libfoo}. */
  String name();

  /**
   * The manifest or index behind {@code tag} ({@code sha256-<hex>.sig}, or the referrers tag
   * schema's {@code sha256-<hex>}), or null where the repository has no such tag. Size-capped as
   * any manifest pull ({@link FetchedManifest#MAX_BYTES}).
   */
  @Nullable FetchedManifest fetchTag(String tag) throws IOException;

  /** The manifest {@code digest}, verified against it. */
  FetchedManifest fetchManifest(Digest digest) throws IOException;

  /**
   * The referrers of {@code subject} from the referrers API ({@code GET
   * /v2/<name>/referrers/<digest>?artifactType=…}), or null where the registry does not offer the
   * API (a 404 from the endpoint); then the finder falls back to the referrers tag schema. A
   * registry may ignore the filter, so the finder filters again.
   */
  @Nullable ImageIndex referrers(Digest subject, String artifactType) throws IOException;

  /**
   * The bytes of blob {@code digest}; at most {@code maxBytes} are read, and more is an error. The
   * finder checks the digest of what is returned.
   */
  byte[] readBlob(Digest digest, long size, int maxBytes) throws IOException;

  /**
   * Reads {@code in} whole, but never more than {@code maxBytes}: what {@link #readBlob} does with
   * the stream its transport opened.
   *
   * @param what how messages name the blob, e.g. {@code blob sha256:… of ghcr.io/acme/libfoo}
   */
  static byte[] readAtMost(InputStream in, int maxBytes, String what) throws IOException {
    try (in) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(what + " is more than " + maxBytes + " bytes");
      }
      return bytes;
    }
  }
}
