package dev.ocipkg.tools.layout;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The shape of what {@code pack} writes and {@code push} sends: what the tag names.
 *
 * <p>{@link #INDEX} is the default: one artifact for every platform, from which the loader picks
 * the machine's own. {@link #MANIFEST} is for readers that know no image index, the Rust ocipkg
 * above all: it takes the first entry of {@code index.json} as an image manifest, and asks
 * registries with an Accept header that lists no index type (a registry then answers 404 for an
 * index). It holds one platform, and says which only through the files it holds.
 */
public enum ArtifactFormat {
  /** An OCI image index with one platform manifest per entry, the index behind the tag. */
  INDEX,
  /**
   * One platform's image manifest itself behind the tag, and alone in {@code index.json} under the
   * full image name ({@code HOST/REPOSITORY:TAG}), as the Rust ocipkg writes and reads it.
   */
  MANIFEST;

  /** The name on the command line and in the POM: {@code index}, {@code manifest}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code index} or {@code manifest}.
   *
   * @throws IllegalArgumentException quoting the text and naming the formats
   */
  public static ArtifactFormat parse(String text) {
    for (ArtifactFormat f : values()) {
      if (f.optionName().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not an artifact format; the formats are " + names());
  }

  /** {@code index, manifest}, for messages and help. */
  public static String names() {
    return Arrays.stream(values())
        .map(ArtifactFormat::optionName)
        .collect(Collectors.joining(", "));
  }
}
