package dev.ocipkg.tools.transfer;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.RegistrySignatures;
import dev.ocipkg.internal.registry.RegistrySource;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.LayoutSource;
import dev.ocipkg.internal.trust.SignatureSource;
import dev.ocipkg.tools.registry.RegistryClient;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Opens the {@link ContentSource} that a reference names, for the publishing tools: the registry
 * itself (never a mirror: a publisher means the registry named), an OCI layout or an oci-archive.
 * Owns the one {@link RegistryClient} (HTTP client, token cache) of a command, made on first use.
 */
public final class ImageSources {
  private final LoaderConfig config;
  private @Nullable RegistryClient client;

  public ImageSources(LoaderConfig config) {
    this.config = config;
  }

  public LoaderConfig config() {
    return config;
  }

  /** The registry client, created on the first call. */
  public synchronized RegistryClient registry() throws IOException {
    if (client == null) {
      client = new RegistryClient(config);
    }
    return client;
  }

  public ContentSource open(ImageReference reference) throws IOException {
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      return LayoutSource.of(reference);
    }
    Repository repository = Repository.of(reference);
    return new RegistrySource(registry().caller(), repository, repository.host());
  }

  /**
   * Where the signatures of {@code reference}, opened as {@code source}, are: the layout or archive
   * itself, or the registry repository (never a mirror).
   */
  public SignatureSource signatures(ImageReference reference, ContentSource source)
      throws IOException {
    return RegistrySignatures.of(reference, source, registry().caller());
  }
}
