package dev.ocipkg.cli;

import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.tools.inspect.ImageDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The readable tree of {@code ocipkg inspect}. */
final class InspectTree {
  private InspectTree() {}

  static List<String> render(ImageDescription d) {
    List<String> lines = new ArrayList<>();
    lines.add(d.reference());
    boolean index = MediaTypes.isIndex(d.mediaType());
    lines.add(
        (index ? "index " : "manifest ")
            + d.digest()
            + "  "
            + Sizes.of(d.size())
            + "  "
            + d.mediaType());
    annotations(lines, "  ", d.annotations());
    for (ImageDescription.Manifest m : d.manifests()) {
      if (index) {
        String platform = m.platform() == null ? "(no platform)" : m.platform().toString();
        String libc = m.entryAnnotations().get("dev.ocipkg.libc");
        lines.add(
            "  "
                + platform
                + (libc == null ? "" : " (" + libc + ")")
                + "  manifest "
                + m.digest()
                + "  "
                + Sizes.of(m.size())
                + ", "
                + Sizes.of(m.totalSize())
                + " in all");
      }
      String indent = index ? "    " : "  ";
      if (m.artifactType() != null) {
        lines.add(indent + "artifactType " + m.artifactType());
      }
      if (index) {
        annotations(lines, indent, m.annotations());
      }
      lines.add(
          indent
              + "config "
              + m.config().digest()
              + "  "
              + Sizes.of(m.config().size())
              + "  "
              + m.config().mediaType());
      for (ImageDescription.Layer layer : m.layers()) {
        lines.add(
            indent
                + "layer  "
                + layer.blob().digest()
                + "  "
                + Sizes.of(layer.blob().size())
                + "  "
                + layer.blob().mediaType());
        for (String file : layer.files()) {
          lines.add(indent + "  " + file);
        }
      }
    }
    return lines;
  }

  private static void annotations(List<String> lines, String indent, Map<String, String> map) {
    map.forEach((k, v) -> lines.add(indent + k + ": " + v));
  }
}
