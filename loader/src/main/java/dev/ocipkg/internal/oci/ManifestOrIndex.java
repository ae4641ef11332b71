package dev.ocipkg.internal.oci;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a manifest request returns: an image index (or manifest list) or an image manifest. */
public sealed interface ManifestOrIndex permits ImageIndex, ImageManifest {
  /** The media type, from the JSON or, where the JSON has none, from how it was served. */
  String mediaType();

  @Nullable String artifactType();

  Map<String, String> annotations();
}
