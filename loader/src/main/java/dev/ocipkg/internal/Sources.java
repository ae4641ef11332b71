package dev.ocipkg.internal;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.RegistryCaller;
import dev.ocipkg.internal.registry.RegistrySource;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FallbackSource;
import dev.ocipkg.internal.source.LayoutSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Opens the {@link ContentSource} a reference names: mirrors then registry, or a local layout. */
public final class Sources {
  private final LoaderConfig config;
  private volatile RegistryCaller caller;

  public Sources(LoaderConfig config) {
    this.config = config;
  }

  public ContentSource open(ImageReference reference) throws IOException {
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      return LayoutSource.of(reference);
    }
    Repository repository = Repository.of(reference);
    String registry = repository.host();
    List<ContentSource> sources = new ArrayList<>();
    for (String mirror : config.mirrorsOf(registry)) {
      sources.add(
          new RegistrySource(
              caller(), repository.on(mirror), "mirror " + mirror + " of " + registry));
    }
    RegistrySource upstream = new RegistrySource(caller(), repository, registry);
    if (sources.isEmpty()) {
      return upstream;
    }
    sources.add(upstream);
    return new FallbackSource(sources);
  }

  /** The one caller of this configuration's registries, made on first use. */
  RegistryCaller caller() throws IOException {
    RegistryCaller c = caller;
    if (c == null) {
      synchronized (this) {
        c = caller;
        if (c == null) {
          c = new RegistryCaller(config);
          caller = c;
        }
      }
    }
    return c;
  }
}
