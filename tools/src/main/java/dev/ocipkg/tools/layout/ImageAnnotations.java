package dev.ocipkg.tools.layout;

import java.util.List;

/** The OCI standard annotation keys that publishing writes on the index and on each manifest. */
public final class ImageAnnotations {
  public static final String VERSION = "org.opencontainers.image.version";
  public static final String SOURCE = "org.opencontainers.image.source";
  public static final String REVISION = "org.opencontainers.image.revision";
  public static final String LICENSES = "org.opencontainers.image.licenses";
  public static final String DESCRIPTION = "org.opencontainers.image.description";

  /**
   * When the artifact was built (RFC 3339). Written only when given: a clock in the JSON would make
   * every pack of the same files a new digest.
   */
  public static final String CREATED = "org.opencontainers.image.created";

  /** The keys above, in the order that help texts list them. */
  public static final List<String> STANDARD =
      List.of(VERSION, SOURCE, REVISION, LICENSES, DESCRIPTION, CREATED);

  private ImageAnnotations() {}
}
