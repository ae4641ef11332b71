package dev.ocipkg.tools.sign;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.trust.SignatureFinder;
import dev.ocipkg.internal.trust.SignatureSource;
import dev.ocipkg.tools.layout.LayoutWriter;
import dev.ocipkg.tools.layout.OciJsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Carries the cosign signatures of an image along when the image is copied: the manifest tagged
 * {@code sha256-<hex>.sig} and the sigstore bundle referrers (from the referrers API, or the
 * referrers tag schema where the source has none), byte for byte, so that every digest and so every
 * signature stays valid at the target. Nothing is verified here ({@code ocipkg verify} at the
 * target does that); everything read is bounded, as the loader bounds signatures.
 */
public final class SignatureCopier {
  /** The most a signature manifest's config or layer may hold: payloads and bundles are small. */
  static final int MAX_BLOB_BYTES = 1 << 20;

  private SignatureCopier() {}

  /** The signatures of {@code subject} at {@code from}, ready to push or write; none: empty. */
  public static List<SignatureManifest> read(SignatureSource from, Digest subject)
      throws IOException {
    List<SignatureManifest> found = new ArrayList<>();
    String tag = SignatureFinder.signatureTag(subject);
    FetchedManifest simple = from.fetchTag(tag);
    if (simple != null) {
      found.add(withBlobs(from, tag, simple));
    }
    ImageIndex referrers = from.referrers(subject, MediaTypes.SIGSTORE_BUNDLE_V03);
    if (referrers == null) {
      String schemaTag = SignatureFinder.referrersTag(subject);
      FetchedManifest index = from.fetchTag(schemaTag);
      referrers =
          index == null
              ? null
              : OciJson.parseIndex(
                  index.bytes(), "referrers index " + from.name() + ":" + schemaTag);
    }
    if (referrers != null) {
      for (Descriptor referrer : referrers.manifests()) {
        if (!MediaTypes.SIGSTORE_BUNDLE_V03.equals(referrer.artifactType())) {
          continue;
        }
        if (found.size() >= SignatureFinder.MAX_SIGNATURES) {
          throw new IOException(
              from.name()
                  + " lists more than "
                  + SignatureFinder.MAX_SIGNATURES
                  + " signatures of "
                  + subject
                  + ": not copied");
        }
        found.add(withBlobs(from, null, from.fetchManifest(referrer.digest())));
      }
    }
    return found;
  }

  /** Writes {@code signatures} of {@code subject} into {@code target}, where cosign keeps them. */
  public static void write(LayoutWriter target, Digest subject, List<SignatureManifest> signatures)
      throws IOException {
    List<Descriptor> bundles = new ArrayList<>();
    for (SignatureManifest signature : signatures) {
      for (SignatureBlob blob : signature.blobs()) {
        target.writeBlob(blob.descriptor().mediaType(), blob.bytes());
      }
      Descriptor manifest = target.writeBlob(MediaTypes.OCI_MANIFEST, signature.manifest());
      if (signature.tag() != null) {
        target.tag(signature.tag(), manifest);
      } else {
        bundles.add(
            new Descriptor(
                MediaTypes.OCI_MANIFEST,
                manifest.digest(),
                manifest.size(),
                null,
                Map.of(),
                MediaTypes.SIGSTORE_BUNDLE_V03,
                List.of()));
      }
    }
    if (!bundles.isEmpty()) {
      Descriptor index =
          target.writeBlob(MediaTypes.OCI_INDEX, OciJsonWriter.index(bundles, Map.of()));
      target.tag(SignatureFinder.referrersTag(subject), index);
    }
  }

  private static SignatureManifest withBlobs(
      SignatureSource from, @org.jspecify.annotations.Nullable String tag, FetchedManifest fetched)
      throws IOException {
    String where = "signature " + fetched.digest() + " in " + from.name();
    ImageManifest manifest = OciJson.parseManifest(fetched.bytes(), where);
    List<SignatureBlob> blobs = new ArrayList<>();
    for (Descriptor blob : manifest.blobs()) {
      byte[] bytes =
          SignatureFinder.readBlob(from, blob, MAX_BLOB_BYTES, where + ": blob " + blob.digest());
      blobs.add(new SignatureBlob(blob, bytes));
    }
    return new SignatureManifest(tag, fetched.bytes(), fetched.digest(), blobs);
  }
}
