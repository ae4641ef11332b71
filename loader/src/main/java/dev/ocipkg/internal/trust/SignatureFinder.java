package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.io.JsonValue;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciFormatException;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.DigestMismatchException;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Finds the cosign signatures of one digest in both places cosign puts them: the layers of the
 * manifest tagged {@code sha256-<hex>.sig} (simple signing), and the referrers of the digest whose
 * artifactType is a sigstore bundle v0.3 (found by the referrers API, or where the registry has
 * none, by the referrers tag schema {@code sha256-<hex>} of distribution-spec 1.1).
 *
 * <p>Everything foreign is bounded: at most {@link #MAX_SIGNATURES} signatures are examined, each
 * payload or bundle at most 256 KiB and checked against its digest. Malformed content becomes an
 * {@link FoundSignature.Unreadable} entry with the reason, so that a refusal can list it; a failure
 * to reach the source is thrown, since it says nothing about trust.
 */
public final class SignatureFinder {
  /** The most signatures examined for one digest, both forms together. */
  public static final int MAX_SIGNATURES = 64;

  private SignatureFinder() {}

  /** The signature tag of {@code digest}: {@code sha256-<hex>.sig}. */
  public static String signatureTag(Digest digest) {
    return referrersTag(digest) + ".sig";
  }

  /** The referrers tag schema's tag for {@code digest}: {@code sha256-<hex>}. */
  public static String referrersTag(Digest digest) {
    return digest.algorithm() + "-" + digest.hex();
  }

  public static FoundSignature.Found find(SignatureSource source, Digest digest)
      throws IOException {
    List<FoundSignature> found = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    simpleSignatures(source, digest, found, notes);
    bundles(source, digest, found, notes);
    return new FoundSignature.Found(digest, found, notes);
  }

  private static void simpleSignatures(
      SignatureSource source, Digest digest, List<FoundSignature> found, List<String> notes)
      throws IOException {
    String tag = signatureTag(digest);
    FetchedManifest fetched = source.fetchTag(tag);
    if (fetched == null) {
      notes.add("no tag " + tag);
      return;
    }
    ImageManifest manifest;
    try {
      manifest = OciJson.parseManifest(fetched.bytes(), "signature manifest " + tag);
    } catch (OciFormatException e) {
      found.add(new FoundSignature.Unreadable("tag " + tag, e.getMessage()));
      return;
    }
    List<Descriptor> layers = manifest.layers();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      String where = tag + " layer " + i;
      if (!MediaTypes.COSIGN_SIMPLE_SIGNING.equals(layer.mediaType())) {
        notes.add(where + " has media type " + ForeignText.escape(layer.mediaType(), 100));
        continue;
      }
      if (found.size() >= MAX_SIGNATURES) {
        notes.add("signatures after the first " + MAX_SIGNATURES + " were not examined");
        return;
      }
      found.add(simpleSigning(source, layer, where));
    }
  }

  private static FoundSignature simpleSigning(
      SignatureSource source, Descriptor layer, String where) throws IOException {
    byte[] payload;
    try {
      payload = readBlob(source, layer, SimpleSigningPayload.MAX_BYTES, where);
    } catch (TrustFormatException | DigestMismatchException e) {
      return new FoundSignature.Unreadable(where, Objects.toString(e.getMessage()));
    }
    boolean keyless = CosignAnnotations.KEYLESS.stream().anyMatch(layer.annotations()::containsKey);
    String signature = layer.annotation(CosignAnnotations.SIGNATURE);
    if (signature == null) {
      return new FoundSignature.SimpleSigning(where, payload, null, keyless);
    }
    try {
      return new FoundSignature.SimpleSigning(
          where, payload, Base64.getDecoder().decode(signature.trim()), keyless);
    } catch (IllegalArgumentException e) {
      return new FoundSignature.Unreadable(
          where, CosignAnnotations.SIGNATURE + " " + JsonValue.quote(signature) + " is not base64");
    }
  }

  private static void bundles(
      SignatureSource source, Digest digest, List<FoundSignature> found, List<String> notes)
      throws IOException {
    ImageIndex referrers = source.referrers(digest, MediaTypes.SIGSTORE_BUNDLE_V03);
    if (referrers == null) {
      String tag = referrersTag(digest);
      FetchedManifest fetched = source.fetchTag(tag);
      if (fetched == null) {
        notes.add("no referrers (the registry has no referrers API and no tag " + tag + ")");
        return;
      }
      try {
        referrers = OciJson.parseIndex(fetched.bytes(), "referrers index " + tag);
      } catch (OciFormatException e) {
        found.add(new FoundSignature.Unreadable("tag " + tag, e.getMessage()));
        return;
      }
    }
    int bundles = 0;
    for (Descriptor referrer : referrers.manifests()) {
      if (!MediaTypes.SIGSTORE_BUNDLE_V03.equals(referrer.artifactType())) {
        continue;
      }
      bundles++;
      if (found.size() >= MAX_SIGNATURES) {
        notes.add("signatures after the first " + MAX_SIGNATURES + " were not examined");
        return;
      }
      found.add(bundle(source, digest, referrer));
    }
    if (bundles == 0) {
      notes.add("no referrer of artifactType " + MediaTypes.SIGSTORE_BUNDLE_V03);
    }
  }

  private static FoundSignature bundle(SignatureSource source, Digest subject, Descriptor referrer)
      throws IOException {
    String where = "referrer " + referrer.digest();
    try {
      FetchedManifest fetched = source.fetchManifest(referrer.digest());
      ImageManifest manifest = OciJson.parseManifest(fetched.bytes(), where);
      // The referrers tag schema is maintained by clients and can be stale or forged: the
      // manifest itself must name the subject.
      Descriptor named = manifest.subject();
      if (named == null || !named.digest().equals(subject)) {
        return new FoundSignature.Unreadable(
            where,
            "its subject is " + (named == null ? "missing" : named.digest()) + ", not " + subject);
      }
      Descriptor layer =
          manifest.layers().stream()
              .filter(l -> MediaTypes.SIGSTORE_BUNDLE_V03.equals(l.mediaType()))
              .findFirst()
              .orElse(null);
      if (layer == null) {
        return new FoundSignature.Unreadable(
            where, "it has no layer of media type " + MediaTypes.SIGSTORE_BUNDLE_V03);
      }
      byte[] json = readBlob(source, layer, SigstoreBundle.MAX_BYTES, where);
      return new FoundSignature.Bundle(where, SigstoreBundle.parse(json, "bundle in " + where));
    } catch (OciFormatException | TrustFormatException | DigestMismatchException e) {
      return new FoundSignature.Unreadable(where, Objects.toString(e.getMessage()));
    }
  }

  /**
   * The bytes of the blob {@code layer} describes, at most {@code max} of them, checked against its
   * size and digest: what every reader of a signature's blobs must do with a foreign registry.
   *
   * @throws TrustFormatException if it declares more than {@code max} bytes
   * @throws DigestMismatchException if what came does not match the descriptor
   */
  public static byte[] readBlob(SignatureSource source, Descriptor layer, int max, String where)
      throws IOException {
    if (layer.size() > max) {
      throw new TrustFormatException(
          where + ": " + layer.size() + " bytes is more than the " + max + " a signature may have");
    }
    byte[] bytes = source.readBlob(layer.digest(), layer.size(), max);
    if (bytes.length != layer.size()
        || !layer.digest().matches(layer.digest().newMessageDigest().digest(bytes))) {
      throw new DigestMismatchException(
          where
              + ": the blob does not match its descriptor ("
              + layer.digest()
              + ", "
              + layer.size()
              + " bytes)");
    }
    return bytes;
  }
}
