package dev.ocipkg.internal.trust;

import dev.ocipkg.internal.io.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A sigstore bundle holding a DSSE envelope, as {@code cosign sign} writes it since cosign 2.6
 * (sigstore protobuf-specs {@code protos/sigstore_bundle.proto}, {@code envelope.proto}; JSON by
 * protojson, so fields are lowerCamelCase and bytes are standard base64):
 *
 * <pre>{@code
 * {"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json",
 *  "verificationMaterial":{"publicKey":{"hint":"…"}},            // keyed
 *                       // or "certificate" / "x509CertificateChain" (keyless), "tlogEntries"
 *  "dsseEnvelope":{"payload":"<base64>","payloadType":"application/vnd.in-toto+json",
 *                  "signatures":[{"sig":"<base64>","keyid":""}]}}
 * }</pre>
 *
 * A bundle with a {@code messageSignature} instead of a DSSE envelope signs a blob, not an image,
 * and is refused.
 *
 * @param keyless whether the verification material is a certificate (Fulcio), not a key hint
 * @param hint the public-key hint, or null
 */
public record SigstoreBundle(
    String mediaType,
    String payloadType,
    byte[] payload,
    List<DsseSignature> signatures,
    boolean keyless,
    @Nullable String hint) {

  /** The most bytes of a bundle that are read. */
  public static final int MAX_BYTES = 256 * 1024;

  /** The bundle media types accepted: v0.3 as cosign writes it, and the older spellings. */
  static final Set<String> MEDIA_TYPES =
      Set.of(
          "application/vnd.dev.sigstore.bundle.v0.3+json",
          "application/vnd.dev.sigstore.bundle+json;version=0.3",
          "application/vnd.dev.sigstore.bundle+json;version=0.2",
          "application/vnd.dev.sigstore.bundle+json;version=0.1");

  /** One signature of the envelope; {@code keyid} is empty where the signer set none. */
  public record DsseSignature(byte[] sig, String keyid) {}

  public SigstoreBundle {
    signatures = List.copyOf(signatures);
  }

  /** The bytes that each DSSE signature covers. */
  public byte[] preAuthenticationEncoding() {
    return DssePae.encode(payloadType, payload);
  }

  /**
   * Parses a bundle.
   *
   * @throws TrustFormatException naming {@code where}, the JSON path and the value
   */
  public static SigstoreBundle parse(byte[] json, String where) throws TrustFormatException {
    StrictJson reader = new StrictJson(where);
    JsonValue root = reader.root(json);
    String mediaType = reader.requiredString(root, "mediaType", "mediaType");
    if (!MEDIA_TYPES.contains(mediaType)) {
      throw reader.fail(
          "mediaType "
              + JsonValue.quote(mediaType)
              + " is not a sigstore bundle (expected application/vnd.dev.sigstore.bundle.v0.3+json)");
    }
    JsonValue material =
        reader.object(
            reader.required(root, "verificationMaterial", "verificationMaterial"),
            "verificationMaterial");
    boolean keyless = material.has("certificate") || material.has("x509CertificateChain");
    String hint = null;
    JsonValue publicKey = material.get("publicKey");
    if (publicKey != null && !publicKey.isNull()) {
      hint =
          reader.optionalString(
              reader.object(publicKey, "verificationMaterial.publicKey"),
              "hint",
              "verificationMaterial.publicKey.hint");
    }
    JsonValue envelope = root.get("dsseEnvelope");
    if (envelope == null || envelope.isNull()) {
      throw reader.fail(
          root.has("messageSignature")
              ? "holds a messageSignature (a signed blob), not a DSSE envelope over an image"
              : "dsseEnvelope is missing");
    }
    reader.object(envelope, "dsseEnvelope");
    byte[] payload =
        reader.base64(
            reader.requiredString(envelope, "payload", "dsseEnvelope.payload"),
            "dsseEnvelope.payload");
    String payloadType = reader.requiredString(envelope, "payloadType", "dsseEnvelope.payloadType");
    JsonValue sigs =
        reader.array(
            reader.required(envelope, "signatures", "dsseEnvelope.signatures"),
            "dsseEnvelope.signatures");
    List<DsseSignature> signatures = new ArrayList<>(sigs.size());
    for (int i = 0; i < sigs.size(); i++) {
      String path = "dsseEnvelope.signatures[" + i + "]";
      JsonValue sig = reader.object(sigs.get(i), path);
      String keyid = reader.optionalString(sig, "keyid", path + ".keyid");
      signatures.add(
          new DsseSignature(
              reader.base64(reader.requiredString(sig, "sig", path + ".sig"), path + ".sig"),
              keyid == null ? "" : keyid));
    }
    return new SigstoreBundle(mediaType, payloadType, payload, signatures, keyless, hint);
  }
}
