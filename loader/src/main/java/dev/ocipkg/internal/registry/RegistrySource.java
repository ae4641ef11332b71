package dev.ocipkg.internal.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/** One repository of one registry (or of one of its mirrors) as a {@link ContentSource}. */
public final class RegistrySource implements ContentSource {
  private final Repository repository;
  private final String name;
  private final ManifestPuller manifests;
  private final BlobPuller blobs;

  /**
   * @param repository the host[:port] to talk to and the repository's path there
   * @param name how messages name this source, e.g. {@code mirror 127.0.0.1:5000 of ghcr.io}
   */
  public RegistrySource(RegistryCaller caller, Repository repository, String name) {
    this.repository = repository;
    this.name = name;
    this.manifests = new ManifestPuller(caller);
    this.blobs = new BlobPuller(caller);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FetchedManifest fetchManifest(@Nullable String tag, @Nullable Digest digest)
      throws IOException {
    String reference = digest != null ? digest.toString() : tag;
    if (reference == null) {
      throw new IllegalArgumentException("a registry reference needs a tag or a digest");
    }
    return manifests.pull(repository, reference, digest);
  }

  @Override
  public InputStream openBlob(Digest digest, long size) throws IOException {
    return blobs.open(repository, digest, size);
  }
}
