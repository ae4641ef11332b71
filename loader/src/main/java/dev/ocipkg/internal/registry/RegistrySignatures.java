package dev.ocipkg.internal.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.LayoutSource;
import dev.ocipkg.internal.trust.LayoutSignatures;
import dev.ocipkg.internal.trust.SignatureSource;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The signatures of images in one registry repository: cosign's tags, the referrers API, and blobs
 * read whole but size-capped (a signature is small; a hostile registry's "signature" is not).
 */
public final class RegistrySignatures implements SignatureSource {
  private final Repository repository;
  private final ManifestPuller manifests;
  private final ReferrersLister referrers;
  private final BlobPuller blobs;

  public RegistrySignatures(RegistryCaller caller, Repository repository) {
    this.repository = repository;
    this.manifests = new ManifestPuller(caller);
    this.referrers = new ReferrersLister(caller);
    this.blobs = new BlobPuller(caller);
  }

  /**
   * Where the signatures of {@code reference}, read from {@code source}, are: the layout or archive
   * itself, or the registry's own repository (never a mirror: a mirror need not carry the signature
   * tags or referrers, and the signatures are what decide, not where the content came from).
   */
  public static SignatureSource of(
      ImageReference reference, ContentSource source, RegistryCaller caller) {
    if (source instanceof LayoutSource) {
      return new LayoutSignatures((LayoutSource) source);
    }
    return new RegistrySignatures(caller, Repository.of(reference));
  }

  @Override
  public String name() {
    return repository.toString();
  }

  @Override
  public @Nullable FetchedManifest fetchTag(String tag) throws IOException {
    return manifests.pullIfPresent(repository, tag);
  }

  @Override
  public FetchedManifest fetchManifest(Digest digest) throws IOException {
    return manifests.pull(repository, digest.toString(), digest);
  }

  @Override
  public @Nullable ImageIndex referrers(Digest subject, String artifactType) throws IOException {
    return referrers.list(repository, subject, artifactType);
  }

  @Override
  public byte[] readBlob(Digest digest, long size, int maxBytes) throws IOException {
    if (size > maxBytes) {
      throw new IOException(
          "blob " + digest + " of " + name() + " is " + size + " bytes, over " + maxBytes);
    }
    return SignatureSource.readAtMost(
        blobs.open(repository, digest, size), maxBytes, "blob " + digest + " of " + name());
  }
}
