package dev.ocipkg.tools.sign;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.trust.SignatureFinder;
import dev.ocipkg.tools.layout.OciJsonWriter;
import dev.ocipkg.tools.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pushes what {@link dev.ocipkg.tools.sign.CosignSigner} made to a registry repository, where
 * cosign and the loader look for it: a simple signature under its {@code sha256-<hex>.sig} tag; a
 * bundle as a referrer pushed by digest and, where the registry has no referrers API (CNCF
 * Distribution 2.8), also listed in the index tagged {@code sha256-<hex>} (the referrers tag schema
 * of distribution-spec 1.1), whose earlier entries are kept.
 */
public final class SignaturePusher {
  private final RegistryClient client;

  public SignaturePusher(RegistryClient client) {
    this.client = client;
  }

  /**
   * Pushes {@code signature} of {@code subject} to {@code repository}.
   *
   * @return where it went, for the user: {@code tag sha256-….sig}, {@code referrer sha256:…}, or
   *     {@code referrer sha256:… (listed in tag sha256-…)}
   */
  public String push(Repository repository, Digest subject, SignatureManifest signature)
      throws IOException {
    for (SignatureBlob blob : signature.blobs()) {
      pushBlob(repository, blob);
    }
    String tag = signature.tag();
    if (tag != null) {
      client.pushManifest(repository, tag, signature.manifest(), MediaTypes.OCI_MANIFEST);
      return "tag " + tag;
    }
    client.pushManifest(
        repository, signature.digest().toString(), signature.manifest(), MediaTypes.OCI_MANIFEST);
    String where = "referrer " + signature.digest();
    if (client.listReferrers(repository, subject, MediaTypes.SIGSTORE_BUNDLE_V03) != null) {
      return where;
    }
    String fallback = SignatureFinder.referrersTag(subject);
    addToReferrersTag(repository, fallback, signature);
    return where + " (listed in tag " + fallback + ")";
  }

  private void addToReferrersTag(Repository repository, String tag, SignatureManifest signature)
      throws IOException {
    FetchedManifest existing = client.pullTagIfPresent(repository, tag);
    List<Descriptor> referrers = new ArrayList<>();
    if (existing != null) {
      ImageIndex index =
          OciJson.parseIndex(existing.bytes(), "referrers index " + repository + ":" + tag);
      for (Descriptor d : index.manifests()) {
        if (d.digest().equals(signature.digest())) {
          return; // listed already: pushing the same signature twice changes nothing
        }
        referrers.add(d);
      }
    }
    referrers.add(
        new Descriptor(
            MediaTypes.OCI_MANIFEST,
            signature.digest(),
            signature.manifest().length,
            null,
            Map.of(),
            MediaTypes.SIGSTORE_BUNDLE_V03,
            List.of()));
    client.pushManifest(
        repository, tag, OciJsonWriter.index(referrers, Map.of()), MediaTypes.OCI_INDEX);
  }

  private void pushBlob(Repository repository, SignatureBlob blob) throws IOException {
    Digest digest = blob.descriptor().digest();
    if (client.blobExists(repository, digest)) {
      return;
    }
    Path temp = Files.createTempFile("ocipkg-signature-", ".blob");
    try {
      Files.write(temp, blob.bytes());
      client.pushBlob(repository, digest, temp, null, 0, TransferListener.NONE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
