package dev.ocipkg.testing;

import java.util.List;

/**
 * One platform manifest that {@link OciLayoutWriter} wrote, with the exact bytes and digests of the
 * manifest, its config and its layer, for assertions.
 *
 * @param platform {@code os/arch[/variant]}
 * @param files the first layer's file and link names (the ocipkg config lists these)
 * @param layerDigests every layer's digest, in manifest order (the first is {@code layerDigest})
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
    List<String> files,
    List<String> layerDigests) {

  public long size() {
    return bytes.length;
  }

  public long layerSize() {
    return layerBytes.length;
  }
}
