package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.JsonValue;

/**
 * The payload of a cosign simple signature, as cosign writes it ({@code sigstore/sigstore
 * pkg/signature/payload}, following containers-signature(5)):
 *
 * <pre>{@code
 * {"critical":{"identity":{"docker-reference":"ghcr.io/acme/libfoo"},
 *              "image":{"docker-manifest-digest":"sha256:…"},
 *              "type":"cosign container image signature"},
 *  "optional":null}
 * }</pre>
 *
 * The signature covers the payload's raw bytes, so they are kept as served; {@code optional} is not
 * read.
 *
 * @param dockerReference what the signer claims the image is, usually a repository without tag
 * @param manifestDigest the digest the signature is for
 * @param type {@code critical.type}; only {@link #COSIGN_TYPE} is accepted by the verifier
 */
public record SimpleSigningPayload(String dockerReference, Digest manifestDigest, String type) {
  /** The {@code critical.type} of every cosign image signature. */
  public static final String COSIGN_TYPE = "cosign container image signature";

  /** The most bytes of a payload that are read. */
  public static final int MAX_BYTES = 256 * 1024;

  /**
   * Parses a payload.
   *
   * @throws TrustFormatException naming {@code where}, the JSON path and the value
   */
  public static SimpleSigningPayload parse(byte[] json, String where) throws TrustFormatException {
    StrictJson reader = new StrictJson(where);
    JsonValue root = reader.root(json);
    JsonValue critical = reader.object(reader.required(root, "critical", "critical"), "critical");
    JsonValue identity =
        reader.object(
            reader.required(critical, "identity", "critical.identity"), "critical.identity");
    JsonValue image =
        reader.object(reader.required(critical, "image", "critical.image"), "critical.image");
    String reference =
        reader.requiredString(identity, "docker-reference", "critical.identity.docker-reference");
    String digest =
        reader.requiredString(
            image, "docker-manifest-digest", "critical.image.docker-manifest-digest");
    String type = reader.requiredString(critical, "type", "critical.type");
    return new SimpleSigningPayload(
        reference, reader.digest(digest, "critical.image.docker-manifest-digest"), type);
  }
}
