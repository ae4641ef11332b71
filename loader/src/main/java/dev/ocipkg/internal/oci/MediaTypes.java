package dev.ocipkg.internal.oci;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The media types that ocipkg reads and writes, and the Accept header for manifests. */
public final class MediaTypes {
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  /** The config of an artifact that has none (OCI 1.1); its content is {@code {}}. */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** The OCI artifact manifest of image-spec 1.1 release candidates, withdrawn before 1.1.0. */
  public static final String OCI_ARTIFACT_MANIFEST =
      "application/vnd.oci.artifact.manifest.v1+json";

  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_TAR_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";

  /** Docker schema 1, deprecated since 2017; recognised only to refuse it with a clear message. */
  public static final String DOCKER_SCHEMA1_MANIFEST =
      "application/vnd.docker.distribution.manifest.v1+json";

  /** Docker schema 1, signed form. */
  public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** The {@code artifactType} of an ocipkg v1 package manifest. */
  public static final String OCIPKG_ARTIFACT = "application/vnd.ocipkg.v1.artifact";

  /** The config of an ocipkg v1 package: which files each layer holds. */
  public static final String OCIPKG_CONFIG = "application/vnd.ocipkg.v1.config+json";

  public static final String OCIPKG_LAYER_TAR_GZIP = "application/vnd.ocipkg.v1.layer.tar+gzip";

  /** A cosign simple-signing payload, the layer of a {@code sha256-<hex>.sig} manifest. */
  public static final String COSIGN_SIMPLE_SIGNING =
      "application/vnd.dev.cosign.simplesigning.v1+json";

  /**
   * A sigstore bundle v0.3: the artifactType of cosign's referrer manifest and its layer's media
   * type.
   */
  public static final String SIGSTORE_BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /**
   * The Accept header for manifest requests. Schema 1 is left out on purpose: a registry then
   * serves what it stores instead of converting to a format that we refuse.
   */
  public static final String MANIFEST_ACCEPT =
      String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

  private MediaTypes() {}

  /**
   * The media type without parameters, trimmed and in lower case: {@code
   * application/vnd.oci.image.index.v1+json; charset=utf-8} gives the bare type. Null for null or
   * blank input.
   */
  public static @Nullable String essence(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return bare.isEmpty() ? null : bare.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code mediaType} (a Content-Type may carry parameters) is an OCI index or a Docker
   * manifest list.
   */
  public static boolean isIndex(@Nullable String mediaType) {
    String essence = essence(mediaType);
    return OCI_INDEX.equals(essence) || DOCKER_MANIFEST_LIST.equals(essence);
  }

  /**
   * Whether {@code mediaType} (a Content-Type may carry parameters) is an OCI or Docker v2 image
   * manifest.
   */
  public static boolean isManifest(@Nullable String mediaType) {
    String essence = essence(mediaType);
    return OCI_MANIFEST.equals(essence) || DOCKER_MANIFEST.equals(essence);
  }

  /** Whether {@code mediaType} is one of the Docker schema 1 manifest types. */
  static boolean isDockerSchema1(@Nullable String mediaType) {
    String essence = essence(mediaType);
    return DOCKER_SCHEMA1_MANIFEST.equals(essence)
        || DOCKER_SCHEMA1_SIGNED_MANIFEST.equals(essence);
  }
}
