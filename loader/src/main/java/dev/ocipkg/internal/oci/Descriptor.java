package dev.ocipkg.internal.oci;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An OCI content descriptor: what a blob or manifest is, its digest and size, and for index entries
 * the platform it is built for (normalised, so {@code linux/arm64/v8} reads as {@code
 * linux/arm64}). {@code os.version}, {@code os.features} and embedded {@code data} are not kept.
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    @Nullable Platform platform,
    Map<String, String> annotations,
    @Nullable String artifactType,
    List<String> urls) {

  public Descriptor {
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size " + size + " is negative");
    }
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    urls = List.copyOf(urls);
  }

  /** A plain descriptor: no platform, annotations, artifact type or URLs. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, Map.of(), null, List.of());
  }

  /** The annotation's value, or null where the descriptor has none. */
  public @Nullable String annotation(String key) {
    return annotations.get(key);
  }
}
