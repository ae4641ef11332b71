package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.LayoutSource;
import dev.ocipkg.internal.source.NotFoundException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The signatures in an OCI image layout or oci-archive: tags are the {@code
 * org.opencontainers.image.ref.name} annotations of {@code index.json} (as {@code skopeo copy
 * --all} and {@code oras} write them), and a layout has no referrers API, so bundles are found
 * through the referrers tag schema.
 */
public final class LayoutSignatures implements SignatureSource {
  private final LayoutSource layout;

  public LayoutSignatures(LayoutSource layout) {
    this.layout = layout;
  }

  @Override
  public String name() {
    return layout.name();
  }

  @Override
  public @Nullable FetchedManifest fetchTag(String tag) throws IOException {
    try {
      return layout.fetchManifest(tag, null);
    } catch (NotFoundException e) {
      return null;
    }
  }

  @Override
  public FetchedManifest fetchManifest(Digest digest) throws IOException {
    return layout.fetchManifest(null, digest);
  }

  @Override
  public @Nullable ImageIndex referrers(Digest subject, String artifactType) {
    return null;
  }

  @Override
  public byte[] readBlob(Digest digest, long size, int maxBytes) throws IOException {
    return SignatureSource.readAtMost(
        layout.openBlob(digest, size), maxBytes, "blob " + digest + " of " + name());
  }
}
