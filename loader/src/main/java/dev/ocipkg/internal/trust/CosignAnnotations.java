package dev.ocipkg.internal.trust;

import java.util.List;

/**
 * The annotation keys that cosign writes on signature layers and referrer manifests (cosign {@code
 * pkg/oci/static/signature.go}, {@code pkg/oci/remote/write.go}).
 */
public final class CosignAnnotations {
  /** A simple-signing layer: base64 of the signature over the layer's bytes. */
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";

  /** Keyless: the Fulcio certificate (PEM) of the signing key. */
  public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";

  /** Keyless: the certificate chain (PEM). */
  public static final String CHAIN = "dev.sigstore.cosign/chain";

  /** The Rekor transparency-log bundle of the signature. */
  public static final String REKOR_BUNDLE = "dev.sigstore.cosign/bundle";

  /** A referrer manifest holding a bundle: what the bundle wraps ({@code dsse-envelope}). */
  public static final String BUNDLE_CONTENT = "dev.sigstore.bundle.content";

  /** A referrer manifest holding a bundle: the in-toto predicate type of its statement. */
  public static final String BUNDLE_PREDICATE_TYPE = "dev.sigstore.bundle.predicateType";

  /** The OCI creation time annotation, which cosign sets on its referrer manifests. */
  public static final String CREATED = "org.opencontainers.image.created";

  /** The annotations that mark a keyless (Fulcio certificate) simple-signing layer. */
  static final List<String> KEYLESS = List.of(CERTIFICATE, CHAIN);

  private CosignAnnotations() {}
}
