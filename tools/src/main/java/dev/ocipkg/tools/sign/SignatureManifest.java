package dev.ocipkg.tools.sign;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.MediaTypes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A signature ready to push: push every blob, then the manifest (media type {@value
 * MediaTypes#OCI_MANIFEST}) under {@code tag}, or by its digest where {@code tag} is null.
 *
 * @param tag {@code sha256-<hex>.sig} for a simple signature; null for a referrer, which is pushed
 *     by digest (and, where the registry has no referrers API, added to the index tagged {@code
 *     sha256-<hex>})
 * @param manifest the exact bytes
 * @param digest the sha256 of {@code manifest}
 * @param blobs the config and layers, in push order
 */
public record SignatureManifest(
    @Nullable String tag, byte[] manifest, Digest digest, List<SignatureBlob> blobs) {
  public SignatureManifest {
    blobs = List.copyOf(blobs);
  }
}
