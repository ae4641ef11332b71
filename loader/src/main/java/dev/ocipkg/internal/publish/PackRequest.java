package dev.ocipkg.internal.publish;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What to pack: the tag of the image in the layout, one {@link PlatformContent} per index entry (in
 * index order), and the annotations written on the index and on every manifest (kept sorted by key,
 * so that the order they were given in does not change a digest).
 */
public record PackRequest(
    String tag, List<PlatformContent> platforms, Map<String, String> annotations) {
  public PackRequest {
    if (!ReferenceChecks.isTag(tag)) {
      throw new IllegalArgumentException("\"" + tag + "\" is not a valid tag");
    }
    platforms = List.copyOf(platforms);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("nothing to pack: give at least one platform");
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
