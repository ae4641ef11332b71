package dev.ocipkg.testing;

/** Which kind of per-platform manifest {@link OciLayoutWriter} writes. */
public enum ManifestForm {
  /**
   * The ocipkg v1 artifact: {@code artifactType application/vnd.ocipkg.v1.artifact}, config {@code
   * application/vnd.ocipkg.v1.config+json} ({@code {"layers":{"sha256:…":[files]}}}), layer {@code
   * application/vnd.ocipkg.v1.layer.tar+gzip}.
   */
  OCIPKG_V1,

  /**
   * A plain OCI image: config {@code application/vnd.oci.image.config.v1+json} with os,
   * architecture and {@code rootfs.diff_ids}, layer {@code
   * application/vnd.oci.image.layer.v1.tar+gzip}, no artifactType.
   */
  OCI_IMAGE
}
