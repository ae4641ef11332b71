package dev.ocipkg.internal.oci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An OCI image manifest or Docker v2 (schema 2) manifest. */
public record ImageManifest(
    String mediaType,
    @Nullable String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    Map<String, String> annotations,
    @Nullable Descriptor subject)
    implements ManifestOrIndex {

  public ImageManifest {
    layers = List.copyOf(layers);
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /** Every blob the manifest names: the config, then the layers in order. */
  public List<Descriptor> blobs() {
    List<Descriptor> blobs = new ArrayList<>(layers.size() + 1);
    blobs.add(config);
    blobs.addAll(layers);
    return blobs;
  }

  /**
   * The artifact type as image-spec 1.1 defines it: {@code artifactType} where set, otherwise the
   * config's media type.
   */
  public String effectiveArtifactType() {
    return artifactType != null ? artifactType : config.mediaType();
  }
}
