package dev.ocipkg.internal.oci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An OCI image index or Docker manifest list. An OCI image layout's {@code index.json} is one too,
 * its entries named by {@value Annotations#REF_NAME} annotations.
 */
public record ImageIndex(
    String mediaType,
    List<Descriptor> manifests,
    Map<String, String> annotations,
    @Nullable String artifactType)
    implements ManifestOrIndex {

  public ImageIndex {
    manifests = List.copyOf(manifests);
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  /**
   * The first entry whose {@value Annotations#REF_NAME} is exactly {@code refName}, or null. Tools
   * differ in what they store there (skopeo the tag, containerd a full reference); this method does
   * not guess between them.
   */
  public @Nullable Descriptor findByRefName(String refName) {
    for (Descriptor manifest : manifests) {
      if (refName.equals(manifest.annotation(Annotations.REF_NAME))) {
        return manifest;
      }
    }
    return null;
  }

  /** The ref names in index order, for a message that says which tags a layout does hold. */
  public List<String> refNames() {
    List<String> names = new ArrayList<>();
    for (Descriptor manifest : manifests) {
      String name = manifest.annotation(Annotations.REF_NAME);
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The entries that are images of their own: all but those tagged as cosign keeps signatures
   * beside an image in a layout ({@code sha256-<hex>.sig}, and the referrers tag schema's {@code
   * sha256-<hex>}), which belong to the image they name.
   */
  public List<Descriptor> images() {
    List<Descriptor> images = new ArrayList<>();
    for (Descriptor manifest : manifests) {
      String name = manifest.annotation(Annotations.REF_NAME);
      if (name == null || !isSignatureTag(name)) {
        images.add(manifest);
      }
    }
    return images;
  }

  /**
   * Whether {@code tag} is one of cosign's: {@code sha256-<64 hex>}, with or without {@code .sig}.
   */
  public static boolean isSignatureTag(String tag) {
    return tag.matches("sha256-[0-9a-f]{64}(\\.sig)?");
  }
}
