package dev.ocipkg.tools.pack;

import dev.ocipkg.internal.oci.Descriptor;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ArtifactPacker} wrote.
 *
 * @param layout the OCI image layout folder
 * @param tag the tag of the image in {@code index.json}
 * @param index the image index, or in the manifest format the one manifest that the tag names
 * @param platforms one entry per platform, in index order
 */
public record PackedImage(Path layout, String tag, Descriptor index, List<Platform> platforms) {
  public PackedImage {
    platforms = List.copyOf(platforms);
  }

  /**
   * One platform's manifest.
   *
   * @param label {@code os/arch[/variant][+libc]}
   * @param manifest the manifest's descriptor as the index lists it
   * @param layer the layer
   * @param files the files and links in the layer, sorted
   */
  public record Platform(String label, Descriptor manifest, Descriptor layer, List<String> files) {
    public Platform {
      files = List.copyOf(files);
    }
  }
}
