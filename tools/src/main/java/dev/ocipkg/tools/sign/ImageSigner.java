package dev.ocipkg.tools.sign;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.trust.SignatureFinder;
import dev.ocipkg.internal.trust.SignatureSource;
import dev.ocipkg.internal.trust.SimpleSigningPayload;
import dev.ocipkg.tools.registry.RegistryClient;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs what a registry reference names now, as {@code cosign sign --key} does: the digest the
 * reference resolves to (for a multi-platform package, its index), the signature pushed beside it
 * in the same repository by {@link SignaturePusher}.
 */
public final class ImageSigner {
  /** Which of cosign's two forms to write. */
  public enum Format {
    /** A sigstore bundle v0.3 as an OCI 1.1 referrer (cosign 2.4+ {@code --new-bundle-format}). */
    BUNDLE,
    /** A simple-signing layer in the image tagged {@code sha256-<hex>.sig} (cosign's classic). */
    SIMPLE;

    /**
     * The format a user named: {@code bundle} or {@code simple}.
     *
     * @throws IllegalArgumentException quoting anything else
     */
    public static Format named(String name) {
      if (name.equals("bundle")) {
        return BUNDLE;
      }
      if (name.equals("simple")) {
        return SIMPLE;
      }
      throw new IllegalArgumentException(
          ForeignText.escape(name, 64) + " is not a signature format: use bundle or simple");
    }
  }

  /**
   * What was signed and where the signature went.
   *
   * @param signed the digest-pinned reference that was signed
   * @param where {@link SignaturePusher#push}'s description
   */
  public record Signed(String signed, String where) {}

  private final RegistryClient client;

  public ImageSigner(RegistryClient client) {
    this.client = client;
  }

  public Signed sign(ImageReference reference, SigningKey key, Format format) throws IOException {
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      throw new IllegalArgumentException(
          "ocipkg sign signs in a registry, and "
              + reference
              + " is a local layout: push it first, then sign the registry reference");
    }
    Repository repository = Repository.of(reference);
    String tagOrDigest =
        reference.digest() != null
            ? reference.digest().toString()
            : Objects.requireNonNull(reference.tag());
    FetchedManifest top = client.pullManifest(repository, tagOrDigest, reference.digest());
    String mediaType =
        OciJson.parse(top.bytes(), top.contentType(), repository.toString()).mediaType();
    Descriptor subject = Descriptor.of(mediaType, top.digest(), top.bytes().length);
    CosignSigner signer = new CosignSigner(key);
    SignatureManifest signature =
        format == Format.BUNDLE
            ? signer.signBundle(subject, Map.of(), Instant.now())
            : simpleSignature(signer, repository, subject);
    String where = new SignaturePusher(client).push(repository, subject.digest(), signature);
    return new Signed(repository + "@" + top.digest(), where);
  }

  /**
   * A {@code .sig} image with the signatures already there and one more, as cosign appends: the
   * identity is the repository alone, as cosign writes it.
   */
  private SignatureManifest simpleSignature(
      CosignSigner signer, Repository repository, Descriptor subject) throws IOException {
    String tag = SignatureFinder.signatureTag(subject.digest());
    List<CosignSigner.SimpleSignatureLayer> layers = new ArrayList<>();
    FetchedManifest existing = client.pullTagIfPresent(repository, tag);
    if (existing != null) {
      ImageManifest manifest = OciJson.parseManifest(existing.bytes(), repository + ":" + tag);
      for (Descriptor layer : manifest.layers()) {
        if (MediaTypes.COSIGN_SIMPLE_SIGNING.equals(layer.mediaType())) {
          layers.add(
              new CosignSigner.SimpleSignatureLayer(
                  readSmallBlob(repository, layer), layer.annotations()));
        }
      }
    }
    layers.add(
        signer.signLayer(
            CosignSigner.simpleSigningPayload(repository.toString(), subject.digest(), Map.of())));
    return CosignSigner.simpleSigningImage(subject.digest(), layers, null);
  }

  private byte[] readSmallBlob(Repository repository, Descriptor layer) throws IOException {
    int max = SimpleSigningPayload.MAX_BYTES;
    if (layer.size() > max) {
      throw new IOException(
          "a signature payload in " + repository + " is " + layer.size() + " bytes");
    }
    byte[] bytes =
        SignatureSource.readAtMost(
            client.openBlob(repository, layer.digest(), layer.size()),
            max,
            "the signature payload " + layer.digest() + " in " + repository);
    if (bytes.length != layer.size()
        || !layer.digest().matches(layer.digest().newMessageDigest().digest(bytes))) {
      throw new IOException(
          "the existing signature payload " + layer.digest() + " does not match its digest");
    }
    return bytes;
  }
}
