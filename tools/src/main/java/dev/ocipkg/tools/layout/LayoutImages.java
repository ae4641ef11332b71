package dev.ocipkg.tools.layout;

import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ManifestOrIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The images of an OCI layout folder as a publisher asks about them before a push: which name in
 * {@code index.json} to push, and which commit the image was built from.
 */
public final class LayoutImages {
  private final Path layout;
  private final ImageIndex index;

  private LayoutImages(Path layout, ImageIndex index) {
    this.layout = layout;
    this.index = index;
  }

  /**
   * Reads {@code layout/index.json}.
   *
   * @throws NotFoundException if the folder is no OCI layout
   */
  public static LayoutImages of(Path layout) throws IOException {
    Path indexJson = layout.resolve("index.json");
    if (!Files.isRegularFile(indexJson)) {
      throw new NotFoundException(layout + " is not an OCI image layout (no index.json in it)");
    }
    return new LayoutImages(
        layout, OciJson.parseIndex(Files.readAllBytes(indexJson), indexJson.toString()));
  }

  /**
   * The name to push: {@code preferred} where the layout has it, else the layout's only name (a
   * manifest-format layout names its image by the full name).
   *
   * @throws NotFoundException naming the names the layout does hold
   */
  public String nameToPush(String preferred) throws NotFoundException {
    List<String> names = index.refNames();
    if (names.contains(preferred)) {
      return preferred;
    }
    if (names.size() == 1 && index.manifests().size() == 1) {
      return names.get(0);
    }
    throw new NotFoundException(
        "\"" + preferred + "\" is not in " + layout + "; it holds " + names);
  }

  /**
   * The {@value ImageAnnotations#REVISION} annotation of the image named {@code name} (on the
   * index, else on the manifest), or null where it has none.
   */
  public @Nullable String revision(String name) throws IOException {
    Descriptor root = index.findByRefName(name);
    if (root == null) {
      return null;
    }
    Path blob =
        layout.resolve("blobs").resolve(root.digest().algorithm()).resolve(root.digest().hex());
    ManifestOrIndex parsed =
        OciJson.parse(Files.readAllBytes(blob), root.mediaType(), layout + " " + root.digest());
    Map<String, String> annotations = parsed.annotations();
    return annotations.get(ImageAnnotations.REVISION);
  }
}
