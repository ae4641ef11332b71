package dev.ocipkg.internal.oci;

/** Annotation keys that ocipkg reads from descriptors and manifests. */
public final class Annotations {
  /** The tag of a manifest in an OCI image layout's {@code index.json}. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  /** The file name of a layer in an ORAS artifact. */
  public static final String TITLE = "org.opencontainers.image.title";

  /** ORAS: the layer is a tar archive to unpack under the title, not a single file. */
  public static final String ORAS_UNPACK = "io.deis.oras.content.unpack";

  /**
   * The C library of a platform's build ({@code musl}, {@code glibc}), which the OCI platform
   * object cannot express; set on the index entry.
   */
  public static final String LIBC = "dev.ocipkg.libc";

  private Annotations() {}
}
