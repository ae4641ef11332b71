package dev.ocipkg.internal.oci;

import dev.ocipkg.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config of an ocipkg v1 package ({@value MediaTypes#OCIPKG_CONFIG}): for each layer digest,
 * the files that the layer holds, as relative paths. Empty for the seed's v0 packages and for the
 * empty config {@code {}}. The paths are as the publisher wrote them; extraction checks them.
 */
public record OcipkgConfig(Map<Digest, List<String>> layers) {
  public static final OcipkgConfig EMPTY = new OcipkgConfig(Map.of());

  public OcipkgConfig {
    Map<Digest, List<String>> copy = new LinkedHashMap<>();
    layers.forEach((digest, files) -> copy.put(digest, List.copyOf(files)));
    layers = Collections.unmodifiableMap(copy);
  }

  /** The files of the layer, or an empty list where the config does not name the layer. */
  public List<String> filesOf(Digest layer) {
    return layers.getOrDefault(layer, List.of());
  }
}
