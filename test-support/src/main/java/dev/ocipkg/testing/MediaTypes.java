package dev.ocipkg.testing;

/** Media types that the fixtures write and that tests send in {@code Accept} headers. */
public final class MediaTypes {
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  public static final String OCIPKG_ARTIFACT = "application/vnd.ocipkg.v1.artifact";
  public static final String OCIPKG_CONFIG = "application/vnd.ocipkg.v1.config+json";
  public static final String OCIPKG_LAYER_TAR_GZIP = "application/vnd.ocipkg.v1.layer.tar+gzip";

  /** Everything a manifest GET should accept, for {@code Accept} headers. */
  public static final String ALL_MANIFESTS =
      String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

  /** Annotation that names a tag in an OCI image layout's {@code index.json}. */
  public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

  private MediaTypes() {}
}
