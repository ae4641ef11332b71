package dev.ocipkg.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link OciLayoutWriter#write} produced.
 *
 * @param rootDigest the digest that {@code tag} names in {@code index.json}: the image index, or
 *     the single manifest when written without an index
 * @param rootMediaType the media type of that root
 * @param rootBytes its exact bytes
 */
public record WrittenLayout(
    Path directory,
    String tag,
    String rootDigest,
    String rootMediaType,
    byte[] rootBytes,
    List<WrittenManifest> manifests) {

  /** The image index digest; fails when the layout was written without an index. */
  public String indexDigest() {
    if (!rootMediaType.equals(MediaTypes.OCI_INDEX)) {
      throw new IllegalStateException("layout " + directory + " was written without an index");
    }
    return rootDigest;
  }

  /** The manifest for {@code os/arch[/variant]}. */
  public WrittenManifest manifest(String platform) {
    return manifests.stream()
        .filter(m -> m.platform().equals(platform))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no platform \""
                        + platform
                        + "\" in this layout; it has "
                        + manifests.stream()
                            .map(WrittenManifest::platform)
                            .collect(Collectors.toList())));
  }
}
