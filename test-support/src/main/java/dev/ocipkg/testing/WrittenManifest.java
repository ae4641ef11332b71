package dev.ocipkg.testing;

import java.util.List;

/**
 * One platform manifest that {@link OciLayoutWriter} wrote, with the exact bytes and digests of the
 * manifest, its config and its layer, for assertions.
 *
 * @param platform {@code os/arch[/variant]}
 * @param files the layer's file and link names (the ocipkg config lists these)
 */
public record WrittenManifest(
    String platform,
    String digest,
    byte[] bytes,
    String configMediaType,
    String configDigest,
    byte[] configBytes,
    String layerMediaType,
    String layerDigest,
    byte[] layerBytes,
    List<String> files) {

  public long size() {
    return bytes.length;
  }

  public long layerSize() {
    return layerBytes.length;
  }
}
