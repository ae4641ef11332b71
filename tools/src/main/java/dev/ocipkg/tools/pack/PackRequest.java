package dev.ocipkg.tools.pack;

import dev.ocipkg.tools.ReferenceChecks;
import dev.ocipkg.tools.layout.ArtifactFormat;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What to pack: the name of the image in the layout ({@code org.opencontainers.image.ref.name}: a
 * tag, or a full image name {@code HOST/REPOSITORY:TAG}), one {@link PlatformContent} per index
 * entry (in index order), the annotations written on the index and on every manifest (kept sorted
 * by key, so that the order they were given in does not change a digest), the {@link
 * ArtifactFormat}, and whether native binaries are checked against their platform ({@link
 * ArchitectureCheck}).
 */
public record PackRequest(
    String tag,
    List<PlatformContent> platforms,
    Map<String, String> annotations,
    ArtifactFormat format,
    boolean checkArchitecture) {
  /** A request for the default {@link ArtifactFormat#INDEX}, binaries checked. */
  public PackRequest(String tag, List<PlatformContent> platforms, Map<String, String> annotations) {
    this(tag, platforms, annotations, ArtifactFormat.INDEX, true);
  }

  public PackRequest {
    if (format == ArtifactFormat.MANIFEST && !ReferenceChecks.isImageName(tag)) {
      throw new IllegalArgumentException(
          "the manifest format names its image by the full name HOST/REPOSITORY:TAG (the Rust"
              + " ocipkg reads it from index.json), not \""
              + tag
              + "\"");
    }
    if (!ReferenceChecks.isTag(tag) && !ReferenceChecks.isImageName(tag)) {
      throw new IllegalArgumentException(
          "\"" + tag + "\" is neither a valid tag nor a full image name HOST/REPOSITORY:TAG");
    }
    platforms = List.copyOf(platforms);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("nothing to pack: give at least one platform");
    }
    if (format == ArtifactFormat.MANIFEST && platforms.size() > 1) {
      throw new IllegalArgumentException(
          "the manifest format holds one platform, not "
              + platforms.size()
              + " ("
              + String.join(", ", platforms.stream().map(PlatformContent::label).toList())
              + "): pack them in the index format, or each into an artifact of its own");
    }
    Set<String> seen = new HashSet<>();
    for (PlatformContent p : platforms) {
      if (!seen.add(p.label())) {
        throw new IllegalArgumentException("platform " + p.label() + " is given twice");
      }
    }
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      if (e.getKey().isBlank()) {
        throw new IllegalArgumentException("an annotation key is empty");
      }
    }
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
  }
}
